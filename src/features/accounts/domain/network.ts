import { isIPv4, isIPv6 } from 'node:net';

// node:net's address parsers are pure functions (no I/O): they are allowed in the domain.

/** Truncates an address for the connection history: IPv4 to its /24, IPv6 to its /48. */
export function truncateIp(ip: string): string {
  const v4mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  const addr = v4mapped ? v4mapped[1]! : ip;
  if (isIPv4(addr)) {
    const parts = addr.split('.');
    return `${parts[0]}.${parts[1]}.${parts[2]}.0/24`;
  }
  if (isIPv6(addr)) {
    const groups = expandIpv6(addr);
    return `${groups
      .slice(0, 3)
      .map((g) => g.replace(/^0+(?=.)/, ''))
      .join(':')}::/48`;
  }
  return '';
}

function expandIpv6(addr: string): string[] {
  const noZone = addr.split('%')[0]!.toLowerCase();
  const [head, tail] = noZone.includes('::') ? noZone.split('::') : [noZone, undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  // An embedded IPv4 tail counts as two groups.
  const fix = (gs: string[]) =>
    gs.flatMap((g) => {
      if (!g.includes('.')) return [g];
      const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number];
      return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
    });
  const hh = fix(h);
  const tt = fix(t);
  const missing = tail === undefined ? 0 : 8 - hh.length - tt.length;
  return [...hh, ...Array.from({ length: missing }, () => '0'), ...tt].map((g) => g.padStart(4, '0'));
}

/** "Firefox sur Android", "Safari sur iPhone", "Chrome sur Windows"… from a User-Agent header. */
export function summarizeUserAgent(ua: string | undefined): string {
  if (!ua) return 'Navigateur inconnu';
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /OPR\/|Opera/.test(ua)
      ? 'Opera'
      : /SamsungBrowser\//.test(ua)
        ? 'Samsung Internet'
        : /Firefox\/|FxiOS\//.test(ua)
          ? 'Firefox'
          : /Chrome\/|CriOS\/|Chromium\//.test(ua)
            ? 'Chrome'
            : /Safari\//.test(ua)
              ? 'Safari'
              : null;
  const os = /iPhone/.test(ua)
    ? 'iPhone'
    : /iPad/.test(ua)
      ? 'iPad'
      : /Android/.test(ua)
        ? 'Android'
        : /Windows/.test(ua)
          ? 'Windows'
          : /Mac OS X|Macintosh/.test(ua)
            ? 'macOS'
            : /CrOS/.test(ua)
              ? 'ChromeOS'
              : /Linux/.test(ua)
                ? 'Linux'
                : null;
  if (browser && os) return `${browser} sur ${os}`;
  if (browser) return browser;
  if (os) return `Navigateur sur ${os}`;
  return 'Navigateur inconnu';
}

/**
 * A return address after sign-in: a same-site relative path only (never `//host`, `/\host`, a scheme or
 * control characters), otherwise null.
 */
export function safeReturnPath(raw: string | undefined | null): string | null {
  if (!raw || raw.length > 500) return null;
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return null;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what we refuse.
  if (/[\u0000-\u0020\u007f\\]/.test(raw)) return null;
  return raw;
}
