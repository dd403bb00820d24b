// Races on absence declarations and decisions, on real PostgreSQL (PGlite runs one query at a time).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { createFamily, createTenant, createUser } from '../../../test/helpers/factories';
import { useOwnPgDatabase } from '../../../test/helpers/pg-database';
import { loadConfig } from '../../config';
import { auditLog } from '../../platform/audit/audit.schema';
import { AppError } from '../../platform/http/errors';
import type { FamilyActor, StaffActor } from '../../platform/http/policies';
import { outboxEmails } from '../../platform/mail/mail.schema';
import { memberships } from '../accounts/accounts.schema';
import { justifiedAbsenceDays } from './absences.repository';
import { absenceDeclarations } from './absences.schema';
import { decideAbsence, declareAbsence } from './absences.service';

const url = process.env.TEST_DATABASE_URL;
// Wednesday 25 November 2026, 10:00 in Paris.
const NOW = new Date('2026-11-25T09:00:00Z');
const config = loadConfig({ NODE_ENV: 'test' });

describe('absences on PostgreSQL', { skip: url ? false : 'TEST_DATABASE_URL is not set' }, () => {
  const own = useOwnPgDatabase('_absences', 12);

  async function world() {
    const db = own.database.db;
    const id = randomUUID().slice(0, 8);
    const tenant = await createTenant(db, { slug: `pg-${id}` });
    const family = await createFamily(db, tenant.id);
    const managerUser = await createUser(db, { email: `gestion-${id}@exemple.test` });
    await db.insert(memberships).values({ tenantId: tenant.id, userId: managerUser.id, roles: ['manager'] });
    const actor = (userId: string, email: string) => ({
      userId,
      email,
      displayName: 'X',
      isOperator: false,
      membership: null,
    });
    const fam: FamilyActor = {
      tenant,
      householdId: family.household.id,
      actor: actor(family.user.id, family.user.email),
    };
    const staff: StaffActor = {
      tenant,
      roles: ['manager'],
      facilityIds: [],
      actor: actor(managerUser.id, managerUser.email),
    };
    return { tenant, fam, staff, childId: family.child.id };
  }

  const fields = (childId: string, formToken: string, firstDay = '2026-11-25') => ({
    childId,
    firstDay,
    lastDay: '2026-11-27',
    reason: 'maladie',
    comment: '',
    formToken,
  });

  it('10 concurrent decisions on one declaration: exactly one wins, one audit row, one e-mail', async () => {
    const w = await world();
    const { id } = await declareAbsence(own.database.db, {
      fam: w.fam,
      now: NOW,
      fields: fields(w.childId, randomUUID()),
      certificate: null,
    });
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        decideAbsence(own.database.db, {
          staff: w.staff,
          config,
          now: NOW,
          id,
          decision: i % 2 === 0 ? 'accepted' : 'refused',
          input: { reason: 'Pas de certificat' },
        }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results)
      if (r.status === 'rejected')
        assert.ok(r.reason instanceof AppError && r.reason.code === 'CONFLICT', String(r.reason));
    const decisions = (
      await own.database.db.select().from(auditLog).where(eq(auditLog.tenantId, w.tenant.id))
    ).filter((a) => a.action === 'absence.accept' || a.action === 'absence.refuse');
    assert.equal(decisions.length, 1);
    const mails = await own.database.db
      .select()
      .from(outboxEmails)
      .where(eq(outboxEmails.tenantId, w.tenant.id));
    assert.equal(mails.length, 1);
    const [row] = await own.database.db
      .select()
      .from(absenceDeclarations)
      .where(eq(absenceDeclarations.id, id));
    const days = await justifiedAbsenceDays(own.database.db, w.tenant.id, {
      from: '2026-11-01',
      to: '2026-11-30',
    });
    assert.equal(days.length, row!.status === 'accepted' ? 3 : 0);
  });

  it('the same form replayed 10 times at once: one declaration, every reply names it', async () => {
    const w = await world();
    const token = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        declareAbsence(own.database.db, {
          fam: w.fam,
          now: NOW,
          fields: fields(w.childId, token),
          certificate: null,
        }),
      ),
    );
    const rows = await own.database.db
      .select()
      .from(absenceDeclarations)
      .where(eq(absenceDeclarations.tenantId, w.tenant.id));
    assert.equal(rows.length, 1);
    assert.ok(results.every((r) => r.id === rows[0]!.id));
    assert.equal(results.filter((r) => !r.replayed).length, 1);
  });

  it('10 overlapping declarations for one child (different forms) at once: one is recorded', async () => {
    const w = await world();
    const results = await Promise.allSettled(
      Array.from({ length: 10 }, () =>
        declareAbsence(own.database.db, {
          fam: w.fam,
          now: NOW,
          fields: fields(w.childId, randomUUID()),
          certificate: null,
        }),
      ),
    );
    assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
    for (const r of results)
      if (r.status === 'rejected')
        assert.ok(r.reason instanceof AppError && r.reason.code === 'VALIDATION', String(r.reason));
    const rows = await own.database.db
      .select()
      .from(absenceDeclarations)
      .where(eq(absenceDeclarations.tenantId, w.tenant.id));
    assert.equal(rows.length, 1);
  });
});
