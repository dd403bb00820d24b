import type { z } from 'zod';

/** French messages keyed by the first path segment of each issue (one message per field). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('_') || 'form';
    out[key] ??= issue.message;
  }
  return out;
}

/** A form body as a plain record; anything else (JSON arrays, nothing) becomes an empty one. */
export function formBody(body: unknown): Record<string, unknown> {
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

/** A checkbox group arrives as nothing, one string or several: always an array of strings. */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

/** The public origin for links in e-mails: PUBLIC_URL when set, else the request's own host. */
export function publicOrigin(publicUrl: string | undefined, protocol: string, host: string): string {
  if (publicUrl) return publicUrl.replace(/\/$/, '');
  return `${protocol}://${host}`;
}
