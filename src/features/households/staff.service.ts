import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../platform/audit/audit.schema';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { findUserByEmail, sendActivation } from '../accounts/accounts.service';
import { diffFields } from '../requests/domain/diff';
import { fieldsOf } from '../requests/domain/field-policy';
import type { FieldValues } from './forms';
import {
  findContactOfHousehold,
  findGuardianOfHousehold,
  findHousehold,
  insertChildrenOfHousehold,
} from './households.repository';
import { guardians, households } from './households.schema';
import { applyChanges, deleteContact, loadSubject } from './households.service';
import type { TNewHousehold } from './staff-forms';

/**
 * Staff create a household from a paper file: the household (active), its guardians and children, an
 * audit row and, for each guardian with an e-mail, an activation link (48 h) — all in one transaction.
 * An e-mail that already belongs to another household fails the whole creation with a field message.
 */
export async function createHouseholdFromPaper(
  db: Db,
  input: {
    tenantId: string;
    staffUserId: string;
    data: TNewHousehold;
    now: Date;
    publicUrl?: string | undefined;
    ip?: string;
  },
): Promise<{ householdId: string; activations: number }> {
  const { tenantId, data } = input;
  return db.transaction(async (tx) => {
    const [h] = await tx
      .insert(households)
      .values({
        tenantId,
        name: data.name,
        addressLine: data.addressLine,
        postalCode: data.postalCode,
        city: data.city,
        phone: data.phone,
        phone2: data.phone2,
        email: data.guardians.find((g) => g.email)?.email ?? '',
        status: 'active',
        createdAt: input.now,
      })
      .returning({ id: households.id });
    const householdId = h!.id;
    await tx.insert(guardians).values(data.guardians.map((g) => ({ tenantId, householdId, ...g })));
    const kids = await insertChildrenOfHousehold(tx, tenantId, householdId, data.children);
    let activations = 0;
    for (const [i, g] of data.guardians.entries()) {
      if (!g.email) continue;
      try {
        await sendActivation(tx, {
          tenantId,
          email: g.email,
          householdId,
          displayName: `${g.firstName} ${g.lastName}`,
          now: input.now,
          publicUrl: input.publicUrl,
        });
        activations++;
      } catch (e) {
        if (e instanceof AppError && (e.code === 'CONFLICT' || e.code === 'VALIDATION'))
          throw new AppError('VALIDATION', e.message, { [`g${i + 1}_email`]: e.message });
        throw e;
      }
    }
    await tx.insert(auditLog).values({
      tenantId,
      at: input.now,
      actorUserId: input.staffUserId,
      action: 'household.create',
      subjectType: 'household',
      subjectId: householdId,
      details: { guardians: data.guardians.length, children: kids.map((k) => k.id), activations },
      ip: input.ip ?? null,
    });
    return { householdId, activations };
  });
}

/** Whether a guardian's login still waits for its password (activation not done). */
export async function guardianAwaitingActivation(db: Db, email: string): Promise<boolean> {
  if (!email) return false;
  const u = await findUserByEmail(db, email);
  return !u || u.passwordHash === null;
}

/**
 * Staff send a new activation link to a guardian who has not chosen a password yet (audited).
 * Returns false when there is nothing to send (no e-mail, or the account is already active).
 */
export async function resendGuardianActivation(
  db: Db,
  input: {
    tenantId: string;
    staffUserId: string;
    householdId: string;
    guardianId: string;
    now: Date;
    publicUrl?: string | undefined;
    ip?: string;
  },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    if (!(await findHousehold(tx, input.tenantId, input.householdId))) throw new AppError('NOT_FOUND');
    const g = await findGuardianOfHousehold(tx, input.tenantId, input.householdId, input.guardianId);
    if (!g) throw new AppError('NOT_FOUND');
    if (!g.email) return false;
    const u = await findUserByEmail(tx, g.email);
    if (u?.passwordHash) return false;
    await sendActivation(tx, {
      tenantId: input.tenantId,
      email: g.email,
      householdId: input.householdId,
      ...(u ? { userId: u.id } : {}),
      displayName: `${g.firstName} ${g.lastName}`,
      now: input.now,
      publicUrl: input.publicUrl,
    });
    await tx.insert(auditLog).values({
      tenantId: input.tenantId,
      at: input.now,
      actorUserId: input.staffUserId,
      action: 'guardian.activation_resend',
      subjectType: 'guardian',
      subjectId: g.id,
      details: { householdId: input.householdId },
      ip: input.ip ?? null,
    });
    return true;
  });
}

/** Staff change a contact of a household directly (every field, whatever the family policy), audited. */
export async function staffUpdateContact(
  db: Db,
  input: {
    tenantId: string;
    staffUserId: string;
    householdId: string;
    contactId: string;
    values: FieldValues;
    now: Date;
    today: string;
    ip?: string;
  },
): Promise<number> {
  const { tenantId, householdId, contactId } = input;
  return db.transaction(async (tx) => {
    const current = await loadSubject(tx, tenantId, householdId, 'contact', contactId);
    if (!current) throw new AppError('NOT_FOUND');
    const changes = diffFields(
      fieldsOf('contact').map((d) => d.key),
      current,
      input.values,
    );
    if (changes.length === 0) return 0;
    await applyChanges(tx, {
      tenantId,
      householdId,
      entity: 'contact',
      subjectId: contactId,
      changes,
      today: input.today,
    });
    await tx.insert(auditLog).values({
      tenantId,
      at: input.now,
      actorUserId: input.staffUserId,
      action: 'contact.update',
      subjectType: 'contact',
      subjectId: contactId,
      details: { householdId, changes },
      ip: input.ip ?? null,
    });
    return changes.length;
  });
}

/** Staff remove a contact of a household directly, audited (the row keeps its name and phones). */
export async function staffRemoveContact(
  db: Db,
  input: {
    tenantId: string;
    staffUserId: string;
    householdId: string;
    contactId: string;
    now: Date;
    ip?: string;
  },
): Promise<void> {
  const { tenantId, householdId, contactId } = input;
  await db.transaction(async (tx) => {
    const c = await findContactOfHousehold(tx, tenantId, householdId, contactId);
    if (!c) throw new AppError('NOT_FOUND');
    await deleteContact(tx, tenantId, householdId, contactId);
    await tx.insert(auditLog).values({
      tenantId,
      at: input.now,
      actorUserId: input.staffUserId,
      action: 'contact.remove',
      subjectType: 'contact',
      subjectId: contactId,
      details: {
        householdId,
        contact: { name: c.name, relation: c.relation, mobilePhone: c.mobilePhone, mayPickUp: c.mayPickUp },
      },
      ip: input.ip ?? null,
    });
  });
}

/**
 * Staff set whether a household is resident (a priority criterion of request-window allocations).
 * The row is locked so that the audit row says the value it replaced; no change, no audit row.
 * Returns whether something changed.
 */
export async function staffSetResident(
  db: Db,
  input: {
    tenantId: string;
    staffUserId: string;
    householdId: string;
    resident: boolean;
    now: Date;
    ip?: string;
  },
): Promise<boolean> {
  const { tenantId, householdId } = input;
  return db.transaction(async (tx) => {
    const [h] = await tx
      .select({ resident: households.resident })
      .from(households)
      .where(and(eq(households.tenantId, tenantId), eq(households.id, householdId)))
      .for('update');
    if (!h) throw new AppError('NOT_FOUND');
    if (h.resident === input.resident) return false;
    await tx
      .update(households)
      .set({ resident: input.resident })
      .where(and(eq(households.tenantId, tenantId), eq(households.id, householdId)));
    await tx.insert(auditLog).values({
      tenantId,
      at: input.now,
      actorUserId: input.staffUserId,
      action: 'household.resident',
      subjectType: 'household',
      subjectId: householdId,
      details: { from: h.resident, to: input.resident },
      ip: input.ip ?? null,
    });
    return true;
  });
}
