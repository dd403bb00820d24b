import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { safeReturnPath, summarizeUserAgent, truncateIp } from './network';

describe('truncateIp', () => {
  it('keeps the /24 of an IPv4 address', () => {
    assert.equal(truncateIp('192.168.1.42'), '192.168.1.0/24');
    assert.equal(truncateIp('8.8.8.8'), '8.8.8.0/24');
    assert.equal(truncateIp('::ffff:10.1.2.3'), '10.1.2.0/24');
  });
  it('keeps the /48 of an IPv6 address', () => {
    assert.equal(truncateIp('2001:db8:abcd:12:1:2:3:4'), '2001:db8:abcd::/48');
    assert.equal(truncateIp('2001:0db8:0000:0042::1'), '2001:db8:0::/48');
    assert.equal(truncateIp('::1'), '0:0:0::/48');
    assert.equal(truncateIp('fe80::1%eth0'), 'fe80:0:0::/48');
    assert.equal(truncateIp('2a01:e0a::'), '2a01:e0a:0::/48');
  });
  it('returns nothing for what is not an address', () => {
    assert.equal(truncateIp(''), '');
    assert.equal(truncateIp('not an ip'), '');
    assert.equal(truncateIp('999.1.1.1'), '');
  });
});

describe('summarizeUserAgent', () => {
  const cases: [string, string][] = [
    ['Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0', 'Firefox sur Android'],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Safari sur iPhone',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
      'Chrome sur Windows',
    ],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0',
      'Edge sur Windows',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
      'Safari sur macOS',
    ],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox sur Linux'],
    [
      'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/25.0 Chrome/121.0.0.0 Mobile Safari/537.36',
      'Samsung Internet sur Android',
    ],
    ['curl/8.5.0', 'Navigateur inconnu'],
    ['', 'Navigateur inconnu'],
  ];
  for (const [ua, expected] of cases) it(expected, () => assert.equal(summarizeUserAgent(ua), expected));
});

describe('safeReturnPath', () => {
  it('accepts same-site relative paths', () => {
    assert.equal(safeReturnPath('/demo/espace'), '/demo/espace');
    assert.equal(safeReturnPath('/demo/espace?mois=2026-12'), '/demo/espace?mois=2026-12');
  });
  it('refuses other sites, schemes and tricks', () => {
    for (const bad of [
      '//evil.example/x',
      '/\\evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      'demo/espace',
      '/demo\n/x',
      '/a\\b',
      '/\t/evil.test',
      '/ /evil.test',
      `/${'a'.repeat(600)}`,
      '',
      undefined,
      null,
    ])
      assert.equal(safeReturnPath(bad as string), null, String(bad));
  });
});
