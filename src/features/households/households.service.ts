import { and, eq } from 'drizzle-orm';
import { auditLog } from '../../platform/audit/audit.schema';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { diffFields, type FieldChange, remainingAfterReplacement } from '../requests/domain/diff';
import {
  type Entity,
  FIELD_BY_KEY,
  type FieldDef,
  fieldsOf,
  splitByPolicy,
} from '../requests/domain/field-policy';
import { householdRequests } from '../requests/requests.schema';
import type { FieldValues, TAddChild, TAddContact } from './forms';
import {
  fieldPolicyOverrides,
  findChildHealth,
  findChildOfHousehold,
  findContactOfHousehold,
  findGuardianOfHousehold,
  findHousehold,
  listChildren,
} from './households.repository';
import {
  childHealth,
  children,
  familyQuotients,
  guardians,
  householdChildren,
  householdContacts,
  households,
} from './households.schema';

/** Columns that hold NULL rather than '' when empty. */
const NULLABLE = new Set([
  'household.allocataireRegime',
  'household.allocataireNumber',
  'household.familyQuotient',
  'household.qfValidFrom',
]);

function toDbValue(def: FieldDef, v: string | null): unknown {
  if (def.kind === 'bool') return v === 'true';
  if (def.kind === 'int') return v === null || v === '' ? null : Number(v);
  if (v === null || v === '') return NULLABLE.has(def.key) ? null : '';
  return v;
}

/** The current values of a subject, keyed by field key, or null when it is not the household's. */
export async function loadSubject(
  db: Db,
  tenantId: string,
  householdId: string,
  entity: Entity,
  subjectId: string,
): Promise<Record<string, unknown> | null> {
  let row: Record<string, unknown> | null = null;
  if (entity === 'household')
    row = subjectId === householdId ? await findHousehold(db, tenantId, householdId) : null;
  else if (entity === 'guardian') row = await findGuardianOfHousehold(db, tenantId, householdId, subjectId);
  else if (entity === 'child') row = await findChildOfHousehold(db, tenantId, householdId, subjectId);
  else if (entity === 'childHealth')
    row = (await findChildOfHousehold(db, tenantId, householdId, subjectId))
      ? await findChildHealth(db, tenantId, subjectId)
      : null;
  else if (entity === 'contact') row = await findContactOfHousehold(db, tenantId, householdId, subjectId);
  if (!row) return null;
  const out: Record<string, unknown> = {};
  for (const d of fieldsOf(entity)) out[d.key] = row[d.column];
  return out;
}

/**
 * Writes changes to a subject (in the caller's transaction). A changed family quotient also goes into
 * the QF history.
 */
export async function applyChanges(
  tx: Db,
  input: {
    tenantId: string;
    householdId: string;
    entity: Entity;
    subjectId: string;
    changes: FieldChange[];
    today: string;
  },
): Promise<void> {
  const { tenantId, entity, subjectId, changes } = input;
  if (changes.length === 0) return;
  const set: Record<string, unknown> = {};
  for (const c of changes) {
    const def = FIELD_BY_KEY.get(c.field);
    if (!def || def.entity !== entity) throw new AppError('BAD_REQUEST', `champ inconnu ${c.field}`);
    set[def.column] = toDbValue(def, c.after);
  }
  if (entity === 'household') {
    const qf = changes.find((c) => c.field === 'household.familyQuotient');
    if (qf) {
      const from = (changes.find((c) => c.field === 'household.qfValidFrom')?.after ?? null) || input.today;
      set.qfValidFrom = from;
      set.qfSource = 'manual';
      if (qf.after !== null)
        await tx
          .insert(familyQuotients)
          .values({
            tenantId,
            householdId: subjectId,
            value: Number(qf.after),
            validFrom: from,
            source: 'manual',
          })
          .onConflictDoUpdate({
            target: [familyQuotients.tenantId, familyQuotients.householdId, familyQuotients.validFrom],
            set: { value: Number(qf.after), source: 'manual' },
          });
    }
    await tx
      .update(households)
      .set(set)
      .where(and(eq(households.tenantId, tenantId), eq(households.id, subjectId)));
  } else if (entity === 'guardian') {
    await tx
      .update(guardians)
      .set(set)
      .where(and(eq(guardians.tenantId, tenantId), eq(guardians.id, subjectId)));
  } else if (entity === 'child') {
    await tx
      .update(children)
      .set(set)
      .where(and(eq(children.tenantId, tenantId), eq(children.id, subjectId)));
  } else if (entity === 'contact') {
    await tx
      .update(householdContacts)
      .set(set)
      .where(
        and(
          eq(householdContacts.tenantId, tenantId),
          eq(householdContacts.householdId, input.householdId),
          eq(householdContacts.id, subjectId),
        ),
      );
  } else if (entity === 'childHealth') {
    await tx
      .insert(childHealth)
      .values({ tenantId, childId: subjectId, ...set })
      .onConflictDoUpdate({ target: childHealth.childId, set });
  }
}

export interface ChangeOutcome {
  applied: FieldChange[];
  requested: FieldChange[];
  refused: FieldChange[];
  requestId: string | null;
  /** The new request took over fields of an earlier pending one. */
  replacedEarlier: boolean;
}

/**
 * A family changes fields of its household, a guardian, a child or a child's health record. Following the
 * tenant's policy, direct changes apply at once (with an audit row) and the others become one request
 * holding the diff; an earlier pending request on the same fields loses them (wholly → 'replaced').
 */
export async function changeHouseholdFields(
  db: Db,
  input: {
    tenantId: string;
    householdId: string;
    userId: string;
    entity: Entity;
    subjectId: string;
    values: FieldValues;
    now: Date;
    today: string;
    ip?: string;
  },
): Promise<ChangeOutcome> {
  const { tenantId, householdId, entity, subjectId } = input;
  return db.transaction(async (tx) => {
    // One change at a time per household: the lock makes a concurrent submission wait, then see this
    // one's request, so "the later replaces the earlier" holds under concurrency (tested on PostgreSQL).
    await tx
      .select({ id: households.id })
      .from(households)
      .where(and(eq(households.tenantId, tenantId), eq(households.id, householdId)))
      .for('update');
    const current = await loadSubject(tx, tenantId, householdId, entity, subjectId);
    if (!current) throw new AppError('NOT_FOUND');
    const overrides = await fieldPolicyOverrides(tx, tenantId);
    const keys = fieldsOf(entity).map((d) => d.key);
    const diff = diffFields(keys, current, input.values);
    const split = splitByPolicy(diff, overrides);
    const outcome: ChangeOutcome = {
      applied: split.direct,
      requested: split.validated,
      refused: split.refused,
      requestId: null,
      replacedEarlier: false,
    };
    if (split.direct.length > 0) {
      await applyChanges(tx, {
        tenantId,
        householdId,
        entity,
        subjectId,
        changes: split.direct,
        today: input.today,
      });
      await tx.insert(auditLog).values({
        tenantId,
        at: input.now,
        actorUserId: input.userId,
        action: 'household.change',
        subjectType: entity,
        subjectId,
        details: { householdId, changes: split.direct },
        ip: input.ip ?? null,
      });
    }
    if (split.validated.length > 0) {
      const earlier = await tx
        .select()
        .from(householdRequests)
        .where(
          and(
            eq(householdRequests.tenantId, tenantId),
            eq(householdRequests.householdId, householdId),
            eq(householdRequests.kind, 'change'),
            eq(householdRequests.subjectType, entity),
            eq(householdRequests.subjectId, subjectId),
            eq(householdRequests.status, 'pending'),
          ),
        );
      let replacesId: string | null = null;
      for (const e of earlier) {
        const before = (e.changes ?? []) as FieldChange[];
        const remaining = remainingAfterReplacement(before, split.validated);
        if (remaining.length === before.length) continue;
        replacesId ??= e.id;
        await tx
          .update(householdRequests)
          .set(
            remaining.length === 0
              ? { status: 'replaced', changes: before, decidedAt: input.now }
              : { changes: remaining },
          )
          .where(and(eq(householdRequests.tenantId, tenantId), eq(householdRequests.id, e.id)));
      }
      const [created] = await tx
        .insert(householdRequests)
        .values({
          tenantId,
          householdId,
          kind: 'change',
          subjectType: entity,
          subjectId,
          changes: split.validated,
          replacesId,
          createdByUserId: input.userId,
          createdAt: input.now,
        })
        .returning({ id: householdRequests.id });
      outcome.requestId = created!.id;
      outcome.replacedEarlier = replacesId !== null;
    }
    return outcome;
  });
}

/** A family asks to add a child (staff create it on acceptance). */
export async function requestAddChild(
  db: Db,
  input: { tenantId: string; householdId: string; userId: string; child: TAddChild; now: Date },
): Promise<string> {
  const [r] = await db
    .insert(householdRequests)
    .values({
      tenantId: input.tenantId,
      householdId: input.householdId,
      kind: 'add_child',
      payload: input.child,
      createdByUserId: input.userId,
      createdAt: input.now,
    })
    .returning({ id: householdRequests.id });
  return r!.id;
}

/** A family asks to add a contact (a person who may pick up / to call in an emergency). */
export async function requestAddContact(
  db: Db,
  input: { tenantId: string; householdId: string; userId: string; contact: TAddContact; now: Date },
): Promise<string> {
  const [r] = await db
    .insert(householdRequests)
    .values({
      tenantId: input.tenantId,
      householdId: input.householdId,
      kind: 'add_contact',
      payload: input.contact,
      createdByUserId: input.userId,
      createdAt: input.now,
    })
    .returning({ id: householdRequests.id });
  return r!.id;
}

/**
 * A family asks to remove a contact: removing someone trusted with the children is validated by staff.
 * A second request for the same contact while one is pending is not duplicated.
 */
export async function requestRemoveContact(
  db: Db,
  input: { tenantId: string; householdId: string; userId: string; contactId: string; now: Date },
): Promise<{ requestId: string; already: boolean }> {
  return db.transaction(async (tx) => {
    const c = await findContactOfHousehold(tx, input.tenantId, input.householdId, input.contactId);
    if (!c) throw new AppError('NOT_FOUND');
    const [pending] = await tx
      .select({ id: householdRequests.id })
      .from(householdRequests)
      .where(
        and(
          eq(householdRequests.tenantId, input.tenantId),
          eq(householdRequests.householdId, input.householdId),
          eq(householdRequests.kind, 'remove_contact'),
          eq(householdRequests.subjectId, c.id),
          eq(householdRequests.status, 'pending'),
        ),
      );
    if (pending) return { requestId: pending.id, already: true };
    const [r] = await tx
      .insert(householdRequests)
      .values({
        tenantId: input.tenantId,
        householdId: input.householdId,
        kind: 'remove_contact',
        subjectType: 'contact',
        subjectId: c.id,
        payload: { name: c.name, relation: c.relation },
        createdByUserId: input.userId,
        createdAt: input.now,
      })
      .returning({ id: householdRequests.id });
    return { requestId: r!.id, already: false };
  });
}

/** Deletes a contact of the household (in the caller's transaction); false when it no longer exists. */
export async function deleteContact(tx: Db, tenantId: string, householdId: string, contactId: string) {
  const rows = await tx
    .delete(householdContacts)
    .where(
      and(
        eq(householdContacts.tenantId, tenantId),
        eq(householdContacts.householdId, householdId),
        eq(householdContacts.id, contactId),
      ),
    )
    .returning({ id: householdContacts.id });
  return rows.length === 1;
}

/** Creates a child accepted from a request, linked to the household, with its health record. */
export async function createChildFromRequest(tx: Db, tenantId: string, householdId: string, p: TAddChild) {
  const [c] = await tx
    .insert(children)
    .values({
      tenantId,
      firstName: p.firstName,
      lastName: p.lastName,
      birthDate: p.birthDate,
      sex: p.sex,
      school: p.school ?? '',
      schoolClass: p.schoolClass ?? '',
    })
    .returning({ id: children.id });
  await tx.insert(householdChildren).values({ tenantId, householdId, childId: c!.id });
  if (p.diet || p.allergies)
    await tx
      .insert(childHealth)
      .values({ tenantId, childId: c!.id, diet: p.diet ?? '', allergies: p.allergies ?? '' });
  return c!.id;
}

export async function createContactFromRequest(
  tx: Db,
  tenantId: string,
  householdId: string,
  p: TAddContact,
) {
  // Only this household's children: an id of another household's child is dropped, never linked.
  const own = new Set((await listChildren(tx, tenantId, householdId)).map((c) => c.id));
  const childIds = (p.childIds ?? []).filter((id) => own.has(id));
  const [c] = await tx
    .insert(householdContacts)
    .values({
      tenantId,
      householdId,
      name: p.name,
      relation: p.relation ?? '',
      mobilePhone: p.mobilePhone ?? '',
      otherPhone: p.otherPhone ?? '',
      mayPickUp: Boolean(p.mayPickUp),
      emergency: Boolean(p.emergency),
      childIds,
    })
    .returning({ id: householdContacts.id });
  return c!.id;
}

/** Every staff read of a child's health data leaves a trace (one row per child, or per request). */
export async function auditHealthView(
  db: Db,
  input: {
    tenantId: string;
    userId: string;
    subjects: { type: 'child' | 'household_request'; id: string }[];
    householdId: string;
    now: Date;
    ip?: string;
  },
): Promise<void> {
  if (input.subjects.length === 0) return;
  await db.insert(auditLog).values(
    input.subjects.map((s) => ({
      tenantId: input.tenantId,
      at: input.now,
      actorUserId: input.userId,
      action: 'health.view',
      subjectType: s.type,
      subjectId: s.id,
      details: { householdId: input.householdId },
      ip: input.ip ?? null,
    })),
  );
}
