// Gap-free numbers under concurrent issuers, on real PostgreSQL (PGlite runs one query at a time).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createIssuedInvoice } from '../../../test/helpers/billing-factories';
import { createHousehold, createTenant } from '../../../test/helpers/factories';
import { useOwnPgDatabase } from '../../../test/helpers/pg-database';
import { takeNextNumber } from './numbering';

const url = process.env.TEST_DATABASE_URL;

describe('invoice numbers on PostgreSQL', { skip: url ? false : 'TEST_DATABASE_URL is not set' }, () => {
  const own = useOwnPgDatabase('_numbering', 12);

  it('gives 1…30 to 30 concurrent issuers, and a rolled-back issue leaves no gap', async () => {
    const db = own.database.db;
    const tenant = await createTenant(db);
    const { household } = await createHousehold(db, tenant.id);
    // Ten transactions take a number and roll back while thirty others issue.
    const aborted = Array.from({ length: 10 }, () =>
      db
        .transaction(async (tx) => {
          await takeNextNumber(tx, { tenantId: tenant.id, series: 'invoice', year: 2026, prefix: '' });
          throw new Error('abort');
        })
        .catch(() => 'aborted'),
    );
    const issued = Array.from({ length: 30 }, () => createIssuedInvoice(db, tenant.id, household.id));
    const results = await Promise.all([...issued, ...aborted]);
    const numbers = results
      .filter((r): r is Awaited<ReturnType<typeof createIssuedInvoice>> => typeof r !== 'string')
      .map((r) => r.sequence)
      .sort((a, b) => a - b);
    assert.deepEqual(
      numbers,
      Array.from({ length: 30 }, (_, i) => i + 1),
    );
  });
});
