// Concurrent credit notes on one invoice, on real PostgreSQL (PGlite runs one query at a time).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { createIssuedInvoice } from '../../../test/helpers/billing-factories';
import { createHousehold, createStaff, createTenant } from '../../../test/helpers/factories';
import { useOwnPgDatabase } from '../../../test/helpers/pg-database';
import { loadConfig } from '../../config';
import type { Actor } from '../../platform/http/actor';
import { AppError } from '../../platform/http/errors';
import type { StaffActor } from '../../platform/http/policies';
import { creditNotes } from './billing.schema';
import { issueCreditNote } from './credit-notes.service';
import { findInvoice } from './invoices.repository';

const url = process.env.TEST_DATABASE_URL;

describe('credit notes on PostgreSQL', { skip: url ? false : 'TEST_DATABASE_URL is not set' }, () => {
  const own = useOwnPgDatabase('_credit_notes', 12);

  it('10 concurrent credit notes whose sum exceeds the due: never over-credited, numbers gap-free', async () => {
    const db = own.database.db;
    const tenant = await createTenant(db);
    const { household } = await createHousehold(db, tenant.id);
    const user = await createStaff(db, tenant.id, ['accountant']);
    const staff: StaffActor = {
      actor: { userId: user.id } as Actor,
      tenant,
      roles: ['accountant'],
      facilityIds: [],
    };
    // 100 € due; ten credit notes of 30 € each: exactly three fit.
    const inv = await createIssuedInvoice(db, tenant.id, household.id, {
      lines: [{ quantity: 1, unitPriceCents: 10_000 }],
    });
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: './data/test' });
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        issueCreditNote(db, {
          staff,
          config,
          now: new Date('2026-11-25T10:00:00Z'),
          invoiceId: inv.id,
          input: { mode: 'partiel', amount: '30', reason: 'Course', formToken: randomUUID() },
        }).then(
          () => 'ok',
          (err) => {
            assert.ok(err instanceof AppError && err.code === 'VALIDATION', String(err));
            assert.match(err.fields.amount ?? '', /dépasse le reste à payer/);
            return 'refused';
          },
        ),
      ),
    );
    assert.equal(results.filter((r) => r === 'ok').length, 3);
    const after = (await findInvoice(db, tenant.id, inv.id))!;
    assert.equal(after.creditedCents, 9_000);
    const notes = await db.select().from(creditNotes).where(eq(creditNotes.invoiceId, inv.id));
    assert.deepEqual(
      notes.map((n) => n.sequence).sort((a, b) => a - b),
      [1, 2, 3],
    );
    // And the whole remaining due, twice at once: one wins, the other finds nothing left.
    const whole = await Promise.all(
      [1, 2].map(() =>
        issueCreditNote(db, {
          staff,
          config,
          now: new Date('2026-11-25T10:00:00Z'),
          invoiceId: inv.id,
          input: { mode: 'total', reason: 'Solde', formToken: randomUUID() },
        }).then(
          () => 'ok',
          () => 'refused',
        ),
      ),
    );
    assert.deepEqual(whole.sort(), ['ok', 'refused']);
    const final = (await findInvoice(db, tenant.id, inv.id))!;
    assert.equal(final.creditedCents, 10_000);
    assert.equal(final.status, 'paid');
  });
});
