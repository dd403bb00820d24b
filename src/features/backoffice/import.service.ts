import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import {
  children,
  familyQuotients,
  guardians,
  householdChildren,
  households,
} from '../households/households.schema';
import { writeAudit } from '../staff/audit';
import type { ImportError, ImportHousehold } from './domain/import';

/** What an import would do (the preview) or did. */
export interface ImportPlan {
  created: number;
  updated: number;
  unchanged: number;
  /** Problems only the database can tell (a reference already used by another household…). */
  errors: ImportError[];
}

type Existing = Awaited<ReturnType<typeof loadExisting>>;

function chunks<T>(list: T[], size = 1000): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

async function loadExisting(db: Db, tenantId: string, plan: ImportHousehold[]) {
  const hRefs = plan.map((h) => h.ref);
  const gRefs = plan.flatMap((h) => h.guardians.map((g) => g.ref));
  const cRefs = plan.flatMap((h) => h.children.map((c) => c.ref));
  const hs: (typeof households.$inferSelect)[] = [];
  const gs: (typeof guardians.$inferSelect)[] = [];
  const cs: { child: typeof children.$inferSelect; householdIds: string[] }[] = [];
  for (const part of chunks(hRefs))
    hs.push(
      ...(await db
        .select()
        .from(households)
        .where(and(eq(households.tenantId, tenantId), inArray(households.externalRef, part)))),
    );
  for (const part of chunks(gRefs))
    gs.push(
      ...(await db
        .select()
        .from(guardians)
        .where(and(eq(guardians.tenantId, tenantId), inArray(guardians.externalRef, part)))),
    );
  for (const part of chunks(cRefs)) {
    const rows = await db
      .select()
      .from(children)
      .where(and(eq(children.tenantId, tenantId), inArray(children.externalRef, part)));
    const links =
      rows.length === 0
        ? []
        : await db
            .select()
            .from(householdChildren)
            .where(
              and(
                eq(householdChildren.tenantId, tenantId),
                inArray(
                  householdChildren.childId,
                  rows.map((r) => r.id),
                ),
              ),
            );
    for (const child of rows)
      cs.push({ child, householdIds: links.filter((l) => l.childId === child.id).map((l) => l.householdId) });
  }
  return {
    households: new Map(hs.map((h) => [h.externalRef!, h])),
    guardians: new Map(gs.map((g) => [g.externalRef!, g])),
    children: new Map(cs.map((c) => [c.child.externalRef!, c])),
  };
}

const householdFields = (h: ImportHousehold) => ({
  name: h.name,
  addressLine: h.addressLine,
  postalCode: h.postalCode,
  city: h.city,
  email: h.email,
  phone: h.phone,
});
const guardianFields = (g: ImportHousehold['guardians'][number]) => ({
  firstName: g.firstName,
  lastName: g.lastName,
  email: g.email,
  mobilePhone: g.mobilePhone,
});
const childFields = (c: ImportHousehold['children'][number]) => ({
  firstName: c.firstName,
  lastName: c.lastName,
  birthDate: c.birthDate,
  sex: c.sex,
  school: c.school,
  schoolClass: c.schoolClass,
});

/** Fields whose value differs (the row's current values vs the file's). */
function changed<T extends Record<string, unknown>>(current: Record<string, unknown>, next: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(next)) if (current[k] !== v) (out as Record<string, unknown>)[k] = v;
  return out;
}

interface HouseholdDiff {
  h: ImportHousehold;
  existing: typeof households.$inferSelect | null;
  household: Record<string, unknown>;
  qf: boolean;
  guardians: {
    g: ImportHousehold['guardians'][number];
    id: string | null;
    fields: Record<string, unknown>;
  }[];
  children: {
    c: ImportHousehold['children'][number];
    id: string | null;
    fields: Record<string, unknown>;
    link: boolean;
  }[];
}

function diffPlan(plan: ImportHousehold[], ex: Existing): { diffs: HouseholdDiff[]; errors: ImportError[] } {
  const errors: ImportError[] = [];
  const diffs: HouseholdDiff[] = [];
  for (const h of plan) {
    const existing = ex.households.get(h.ref) ?? null;
    if (existing && existing.status === 'archived') {
      errors.push({
        line: h.line,
        column: 'reference_foyer',
        message: 'ce foyer a été archivé (ou fusionné) : il ne peut plus être importé',
      });
      continue;
    }
    const d: HouseholdDiff = {
      h,
      existing,
      household: existing ? changed(existing, householdFields(h)) : householdFields(h),
      qf: Boolean(
        h.qf &&
          (!existing || existing.familyQuotient !== h.qf.value || existing.qfValidFrom !== h.qf.validFrom),
      ),
      guardians: [],
      children: [],
    };
    for (const g of h.guardians) {
      const cur = ex.guardians.get(g.ref);
      if (cur && (!existing || cur.householdId !== existing.id)) {
        errors.push({
          line: g.line,
          column: 'reference',
          message: `le responsable « ${g.ref} » appartient déjà à un autre foyer`,
        });
        continue;
      }
      d.guardians.push({
        g,
        id: cur?.id ?? null,
        fields: cur ? changed(cur, guardianFields(g)) : guardianFields(g),
      });
    }
    for (const c of h.children) {
      const cur = ex.children.get(c.ref);
      if (cur && !(existing && cur.householdIds.includes(existing.id))) {
        errors.push({
          line: c.line,
          column: 'reference',
          message: `l’enfant « ${c.ref} » est déjà rattaché à un autre foyer`,
        });
        continue;
      }
      d.children.push({
        c,
        id: cur?.child.id ?? null,
        fields: cur ? changed(cur.child, childFields(c)) : childFields(c),
        link: !cur,
      });
    }
    diffs.push(d);
  }
  return { diffs, errors };
}

const isChange = (d: HouseholdDiff) =>
  !d.existing ||
  Object.keys(d.household).length > 0 ||
  d.qf ||
  d.guardians.some((g) => !g.id || Object.keys(g.fields).length > 0) ||
  d.children.some((c) => !c.id || Object.keys(c.fields).length > 0);

function summarise(diffs: HouseholdDiff[], errors: ImportError[]): ImportPlan {
  return {
    created: diffs.filter((d) => !d.existing).length,
    updated: diffs.filter((d) => d.existing && isChange(d)).length,
    unchanged: diffs.filter((d) => !isChange(d)).length,
    errors,
  };
}

/** The dry run: what importing these households would create, update or leave alone. Writes nothing. */
export async function previewImport(db: Db, tenantId: string, plan: ImportHousehold[]): Promise<ImportPlan> {
  const { diffs, errors } = diffPlan(plan, await loadExisting(db, tenantId, plan));
  return summarise(diffs, errors);
}

/**
 * Imports the households in one transaction, matched by their references in the previous system:
 * new ones are created, changed ones updated, identical ones left alone (re-importing a file changes
 * nothing). Members missing from the file are kept. Any error (found again inside the transaction)
 * writes nothing. Each created or updated household gets an audit row.
 */
export async function runImport(
  db: Db,
  input: { tenantId: string; staffUserId: string; plan: ImportHousehold[]; now: Date; ip?: string },
): Promise<ImportPlan> {
  const { tenantId, now } = input;
  return db.transaction(async (tx) => {
    const { diffs, errors } = diffPlan(input.plan, await loadExisting(tx, tenantId, input.plan));
    const summary = summarise(diffs, errors);
    if (errors.length > 0) return summary;
    for (const d of diffs) {
      if (!isChange(d)) continue;
      let householdId = d.existing?.id;
      if (!householdId) {
        const [row] = await tx
          .insert(households)
          .values({
            tenantId,
            externalRef: d.h.ref,
            status: 'active',
            createdAt: now,
            ...householdFields(d.h),
          })
          .returning({ id: households.id });
        householdId = row!.id;
      } else if (Object.keys(d.household).length > 0) {
        await tx
          .update(households)
          .set(d.household)
          .where(and(eq(households.tenantId, tenantId), eq(households.id, householdId)));
      }
      if (d.qf && d.h.qf) {
        await tx
          .insert(familyQuotients)
          .values({
            tenantId,
            householdId,
            value: d.h.qf.value,
            validFrom: d.h.qf.validFrom,
            source: 'manual',
          })
          .onConflictDoUpdate({
            target: [familyQuotients.tenantId, familyQuotients.householdId, familyQuotients.validFrom],
            set: { value: d.h.qf.value, source: 'manual' },
          });
        await tx
          .update(households)
          .set({ familyQuotient: d.h.qf.value, qfValidFrom: d.h.qf.validFrom, qfSource: 'manual' })
          .where(and(eq(households.tenantId, tenantId), eq(households.id, householdId)));
      }
      for (const g of d.guardians) {
        if (!g.id)
          await tx
            .insert(guardians)
            .values({ tenantId, householdId, externalRef: g.g.ref, ...guardianFields(g.g) });
        else if (Object.keys(g.fields).length > 0)
          await tx
            .update(guardians)
            .set(g.fields)
            .where(and(eq(guardians.tenantId, tenantId), eq(guardians.id, g.id)));
      }
      for (const c of d.children) {
        if (!c.id) {
          const [child] = await tx
            .insert(children)
            .values({ tenantId, externalRef: c.c.ref, ...childFields(c.c) })
            .returning({ id: children.id });
          await tx.insert(householdChildren).values({ tenantId, householdId, childId: child!.id });
        } else if (Object.keys(c.fields).length > 0)
          await tx
            .update(children)
            .set(c.fields)
            .where(and(eq(children.tenantId, tenantId), eq(children.id, c.id)));
      }
      await writeAudit(tx, {
        tenantId,
        actorUserId: input.staffUserId,
        action: d.existing ? 'household.import_update' : 'household.import_create',
        subjectType: 'household',
        subjectId: householdId,
        details: {
          householdId,
          reference: d.h.ref,
          fields: Object.keys(d.household),
          guardians: d.guardians.filter((g) => !g.id || Object.keys(g.fields).length > 0).length,
          children: d.children.filter((c) => !c.id || Object.keys(c.fields).length > 0).length,
        },
        at: now,
        ip: input.ip ?? null,
      });
    }
    await writeAudit(tx, {
      tenantId,
      actorUserId: input.staffUserId,
      action: 'household.import',
      subjectType: 'import',
      subjectId: '',
      details: { created: summary.created, updated: summary.updated, unchanged: summary.unchanged },
      at: now,
      ip: input.ip ?? null,
    });
    return summary;
  });
}
