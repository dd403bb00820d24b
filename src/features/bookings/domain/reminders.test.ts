import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { zonedInstant } from './days';
import { householdsToRemind, reminderAt, reminderDue } from './reminders';

const TZ = 'Europe/Paris';

describe('booking deadline reminders', () => {
  test('N days before at the same local time, across the autumn DST change', () => {
    // Deadline Friday 30 October 2026 12:00 (CET); 7 days before is Friday 23 October 12:00 (CEST).
    const deadline = zonedInstant('2026-10-30', '12:00', TZ);
    const at = reminderAt(deadline, 7, TZ);
    assert.equal(at.toISOString(), '2026-10-23T10:00:00.000Z');
    assert.equal(deadline.getTime() - at.getTime(), 7 * 86_400_000 + 3_600_000);
    assert.equal(reminderAt(deadline, 0, TZ).getTime(), deadline.getTime());
    assert.throws(() => reminderAt(deadline, -1, TZ));
    assert.throws(() => reminderAt(deadline, 1.5, TZ));
  });

  test('due from the reminder instant (inclusive) to the deadline (exclusive), once', () => {
    const deadline = zonedInstant('2026-12-04', '23:59', TZ);
    const from = reminderAt(deadline, 5, TZ);
    const due = (now: Date, alreadySent = false) =>
      reminderDue({ now, deadline, daysBefore: 5, timeZone: TZ, alreadySent });
    assert.equal(due(new Date(from.getTime() - 1)), false);
    assert.equal(due(from), true);
    assert.equal(due(new Date(deadline.getTime() - 1)), true);
    assert.equal(due(deadline), false);
    assert.equal(due(from, true), false);
  });

  test('only households with an enrolled child who has nothing booked, listing those children', () => {
    assert.deepEqual(
      householdsToRemind([
        { householdId: 'h3', enrolledChildIds: ['c5'], bookedChildIds: [] },
        { householdId: 'h1', enrolledChildIds: ['c2', 'c1', 'c1'], bookedChildIds: ['c2'] },
        { householdId: 'h2', enrolledChildIds: ['c3'], bookedChildIds: ['c3'] },
        { householdId: 'h4', enrolledChildIds: [], bookedChildIds: [] },
      ]),
      [
        { householdId: 'h1', childIds: ['c1'] },
        { householdId: 'h3', childIds: ['c5'] },
      ],
    );
  });
});
