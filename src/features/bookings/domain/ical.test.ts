import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { escapeText, foldLine, type IcalFeedInput, icalFeed } from './ical';

const base: IcalFeedInput = {
  name: 'Réservations — Famille Martin',
  timeZone: 'Europe/Paris',
  uidDomain: 'ville-exemple.maisonnee.fr',
  now: new Date('2026-03-20T09:15:30.123Z'),
  bookings: [
    {
      id: '0b7a5d0e-8f1c-4c1e-9a55-4f7f1d2a9b10',
      childName: 'Lou',
      activityName: 'Mercredis',
      unitName: 'Journée',
      day: '2026-03-25',
      start: '08:30',
      end: '17:30',
      location: 'Centre de loisirs Les Tilleuls, 3 rue des Écoles',
    },
  ],
};

const unfold = (s: string) => s.replace(/\r\n /g, '');

describe('iCalendar feed', () => {
  test('a whole feed, byte for byte', () => {
    assert.equal(
      icalFeed(base),
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Maisonnee//Reservations 1.0//FR',
        'CALSCALE:GREGORIAN',
        'METHOD:PUBLISH',
        'X-WR-CALNAME:Réservations — Famille Martin',
        'X-WR-TIMEZONE:Europe/Paris',
        'REFRESH-INTERVAL;VALUE=DURATION:PT6H',
        'X-PUBLISHED-TTL:PT6H',
        'BEGIN:VTIMEZONE',
        'TZID:Europe/Paris',
        'BEGIN:DAYLIGHT',
        'TZOFFSETFROM:+0100',
        'TZOFFSETTO:+0200',
        'TZNAME:CEST',
        'DTSTART:19810329T020000',
        'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
        'END:DAYLIGHT',
        'BEGIN:STANDARD',
        'TZOFFSETFROM:+0200',
        'TZOFFSETTO:+0100',
        'TZNAME:CET',
        'DTSTART:19961027T030000',
        'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
        'END:STANDARD',
        'END:VTIMEZONE',
        'BEGIN:VEVENT',
        'UID:booking-0b7a5d0e-8f1c-4c1e-9a55-4f7f1d2a9b10@ville-exemple.maisonnee.fr',
        'DTSTAMP:20260320T091530Z',
        'DTSTART;TZID=Europe/Paris:20260325T083000',
        'DTEND;TZID=Europe/Paris:20260325T173000',
        'SUMMARY:Lou — Mercredis (Journée)',
        'LOCATION:Centre de loisirs Les Tilleuls\\, 3 rue des Écoles',
        'STATUS:CONFIRMED',
        'TRANSP:TRANSPARENT',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
  });

  test('an empty feed is still a valid calendar', () => {
    const s = icalFeed({ ...base, bookings: [] });
    assert.ok(s.startsWith('BEGIN:VCALENDAR\r\n') && s.endsWith('END:VCALENDAR\r\n'));
    assert.ok(!s.includes('VEVENT'));
  });

  test('DST: wall-clock hours in Paris stay 08:30 on both sides of the change', () => {
    const s = icalFeed({
      ...base,
      bookings: [
        { ...base.bookings[0]!, id: 'b', day: '2026-03-30' },
        { ...base.bookings[0]!, id: 'a', day: '2026-03-28' },
      ],
    });
    const starts = s.split('\r\n').filter((l) => l.startsWith('DTSTART;TZID'));
    assert.deepEqual(starts, [
      'DTSTART;TZID=Europe/Paris:20260328T083000',
      'DTSTART;TZID=Europe/Paris:20260330T083000',
    ]);
  });

  test('other zones are written in UTC, converted from the local hours (here across the Paris DST)', () => {
    const s = icalFeed({
      ...base,
      timeZone: 'America/Cayenne', // UTC−3, no DST
      bookings: [{ ...base.bookings[0]!, day: '2026-03-29' }],
    });
    assert.ok(!s.includes('VTIMEZONE'));
    assert.ok(s.includes('\r\nDTSTART:20260329T113000Z\r\n'));
    assert.ok(s.includes('\r\nDTEND:20260329T203000Z\r\n'));
    const london = icalFeed({
      ...base,
      timeZone: 'Europe/London',
      bookings: [{ ...base.bookings[0]!, day: '2026-03-29' }],
    });
    assert.ok(london.includes('\r\nDTSTART:20260329T073000Z\r\n'), 'BST has started on 29 March');
  });

  test('a unit without hours is an all-day event; an end not after the start is left out', () => {
    const s = icalFeed({
      ...base,
      bookings: [
        { ...base.bookings[0]!, id: 'x', start: undefined, end: undefined, day: '2026-12-31' },
        { ...base.bookings[0]!, id: 'y', start: '12:00', end: '12:00', day: '2027-01-04' },
      ],
    });
    assert.ok(s.includes('\r\nDTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n'));
    assert.ok(s.includes('\r\nDTSTART;TZID=Europe/Paris:20270104T120000\r\nSUMMARY'));
  });

  test('text escaping: backslash, semicolon, comma, newlines; control characters dropped', () => {
    assert.equal(escapeText('a\\b;c,d\ne\r\nf\rg'), 'a\\\\b\\;c\\,d\\ne\\nf\\ng');
    assert.equal(escapeText('x\u0000y\u0007z\u007f\tt'), 'xyz\tt');
    assert.equal(escapeText('e\u0301cole'), 'école'); // NFC
    const s = icalFeed({
      ...base,
      bookings: [{ ...base.bookings[0]!, childName: 'Zoé; "la petite",\nmarie' }],
    });
    assert.ok(unfold(s).includes('SUMMARY:Zoé\\; "la petite"\\,\\nmarie — Mercredis (Journée)\r\n'));
  });

  test('UIDs are stable per booking and cannot be broken by odd ids or domains', () => {
    const a = icalFeed(base);
    const b = icalFeed({ ...base, now: new Date('2026-04-01T00:00:00Z') });
    const uid = (s: string) => s.split('\r\n').find((l) => l.startsWith('UID:'));
    assert.equal(uid(a), uid(b));
    const odd = icalFeed({
      ...base,
      uidDomain: 'Evil\r\nX:1',
      bookings: [{ ...base.bookings[0]!, id: 'a\r\nb;c' }],
    });
    assert.equal(uid(odd), 'UID:booking-abc@evilx1');
  });

  test('folding at 75 octets never splits a UTF-8 character and unfolds back to the line', () => {
    const long = `SUMMARY:${'é'.repeat(50)}${'𝄞'.repeat(10)}${'a'.repeat(80)}`;
    const folded = foldLine(long);
    for (const part of folded.split('\r\n')) assert.ok(Buffer.byteLength(part, 'utf8') <= 75, part);
    assert.equal(unfold(folded), long);
    assert.equal(foldLine('short'), 'short');
    assert.equal(foldLine('x'.repeat(75)), 'x'.repeat(75));
    assert.equal(foldLine('x'.repeat(76)), `${'x'.repeat(75)}\r\n x`);
  });

  test('property: any names give CRLF-only output, lines ≤ 75 octets, valid UTF-8, one event per booking', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            id: fc.uuid(),
            childName: fc.string({ unit: 'grapheme', maxLength: 60 }),
            activityName: fc.string({ maxLength: 80 }),
            unitName: fc.string({ unit: 'binary', maxLength: 40 }),
            location: fc.option(fc.string({ unit: 'binary', maxLength: 200 }), { nil: undefined }),
          }),
          { maxLength: 5 },
        ),
        (rows) => {
          const s = icalFeed({
            ...base,
            bookings: rows.map((r) => ({ ...r, day: '2026-10-25', start: '08:30', end: '12:00' })),
          });
          assert.ok(s.endsWith('\r\n'));
          assert.ok(!/\r(?!\n)|(?<!\r)\n/.test(s), 'only CRLF line breaks');
          const bytes = Buffer.from(s, 'utf8');
          assert.equal(bytes.toString('utf8'), s);
          for (const line of s.split('\r\n')) assert.ok(Buffer.byteLength(line, 'utf8') <= 75);
          const logical = unfold(s).split('\r\n');
          assert.equal(logical.filter((l) => l === 'BEGIN:VEVENT').length, rows.length);
          // No property line can be injected through a name.
          assert.equal(logical.filter((l) => l.startsWith('UID:')).length, rows.length);
        },
      ),
      { numRuns: 120 }, // generating grapheme strings is the slow part,
    );
  });
});
