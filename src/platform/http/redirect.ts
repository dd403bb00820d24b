/**
 * Redirect targets taken from requests (`back`, `retour`) must stay on the site. Browsers are lenient:
 * they drop tabs and newlines anywhere in a URL and read `\` as `/`, so "/\t/evil.test" and
 * "/\evil.test" both lead to evil.test. Only plain absolute paths pass.
 */
export function safeRedirectPath(input: unknown, fallback = '/'): string {
  if (typeof input !== 'string' || input.length > 2000) return fallback;
  if (!input.startsWith('/') || input.startsWith('//')) return fallback;
  // Control characters (tab, CR, LF…), spaces, backslashes: never in a path we generated ourselves.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: rejecting control characters is the point.
  if (/[\u0000-\u0020\u007f\\]/.test(input)) return fallback;
  return input;
}

/**
 * Whether a Location header leads where the code meant it to: a path, a relative reference, or an
 * absolute http(s) URL written by the code (payment providers). What a browser would read as another
 * host or a script (protocol-relative after its clean-up, `javascript:`) is not.
 */
export function isSafeLocation(location: string): boolean {
  const cleaned = location
    .replace(/[\t\n\r]/g, '')
    .replace(/\\/g, '/')
    .trimStart();
  if (cleaned.startsWith('//')) return false;
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(cleaned);
  return !scheme || /^https?$/i.test(scheme[1]!);
}
