/** When a news item shows to families. Pure. */

export interface NewsWindow {
  publishAt: Date;
  unpublishAt: Date | null;
}

export type NewsState = 'scheduled' | 'published' | 'ended';

/** Visible from `publishAt` (inclusive) until `unpublishAt` (exclusive). */
export function newsState(n: NewsWindow, now: Date): NewsState {
  if (now.getTime() < n.publishAt.getTime()) return 'scheduled';
  if (n.unpublishAt && now.getTime() >= n.unpublishAt.getTime()) return 'ended';
  return 'published';
}

export const isNewsVisible = (n: NewsWindow, now: Date) => newsState(n, now) === 'published';

/** Paragraphs of a plain-text body: blank lines separate them; single line breaks stay in the paragraph. */
export function paragraphs(body: string): string[] {
  return body
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
}
