export { fieldErrors } from '../../platform/http/forms';

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
