import { units } from '../../src/features/catalogue/catalogue.schema';
import { householdContacts } from '../../src/features/households/households.schema';
import type { Db } from '../../src/platform/db/client';
import type { TestContext } from '../helpers/app';
import { signedInClient, TestClient } from '../helpers/client';
import { createCatalogue, createFamily, createStaff, createTenant, createUser } from '../helpers/factories';

export const ACTORS = [
  'anonymous',
  'familyA',
  'familyB',
  'familyC',
  'admin',
  'manager',
  'director',
  'animator',
  'accountant',
  'staffOther',
  'operator',
] as const;
export type ActorName = (typeof ACTORS)[number];

/**
 * Two tenants: tenant 1 with families A and B and one staff member per role (the director and the
 * animator tied to the first facility); tenant 2 with family C and a manager; a platform operator.
 */
export async function buildWorld(t: TestContext) {
  const t1 = await createTenant(t.db, { slug: 'ville-a', name: 'Ville A' });
  const t2 = await createTenant(t.db, { slug: 'ville-b', name: 'Ville B' });
  await t.app.tenants.refresh();
  const cat1 = await createCatalogue(t.db, t1.id);
  const cat2 = await createCatalogue(t.db, t2.id);
  const familyA = await createFamily(t.db, t1.id);
  const familyB = await createFamily(t.db, t1.id);
  const familyC = await createFamily(t.db, t2.id);
  // A contact of family A (contact pages: edit, remove).
  const [contactA] = await t.db
    .insert(householdContacts)
    .values({
      tenantId: t1.id,
      householdId: familyA.household.id,
      name: 'Contact A',
      mobilePhone: '0600000000',
    })
    .returning();
  const staff = {
    admin: await createStaff(t.db, t1.id, ['admin']),
    manager: await createStaff(t.db, t1.id, ['manager']),
    director: await createStaff(t.db, t1.id, ['director'], [cat1.facility.id]),
    animator: await createStaff(t.db, t1.id, ['animator'], [cat1.facility.id]),
    accountant: await createStaff(t.db, t1.id, ['accountant']),
    staffOther: await createStaff(t.db, t2.id, ['manager']),
  };
  // Registers (attendance): a unit at tenant 1's first facility, one at a second facility of tenant 1
  // (none of the director's or animator's), one at tenant 2.
  const catOther = await createCatalogue(t.db, t1.id);
  const reg = {
    unit1: await wednesdayUnit(t.db, t1.id, cat1.activity.id),
    otherFacility: catOther.facility,
    unitOther: await wednesdayUnit(t.db, t1.id, catOther.activity.id),
    unit2: await wednesdayUnit(t.db, t2.id, cat2.activity.id),
  };
  const operator = await createUser(t.db, { isOperator: true, displayName: 'Opérateur' });
  const userOf: Record<Exclude<ActorName, 'anonymous'>, { id: string; tenantId: string | null }> = {
    familyA: { id: familyA.user.id, tenantId: t1.id },
    familyB: { id: familyB.user.id, tenantId: t1.id },
    familyC: { id: familyC.user.id, tenantId: t2.id },
    admin: { id: staff.admin.id, tenantId: t1.id },
    manager: { id: staff.manager.id, tenantId: t1.id },
    director: { id: staff.director.id, tenantId: t1.id },
    animator: { id: staff.animator.id, tenantId: t1.id },
    accountant: { id: staff.accountant.id, tenantId: t1.id },
    staffOther: { id: staff.staffOther.id, tenantId: t2.id },
    operator: { id: operator.id, tenantId: null },
  };
  const clients = {} as Record<ActorName, TestClient>;
  for (const name of ACTORS) {
    clients[name] =
      name === 'anonymous'
        ? new TestClient(t.app)
        : await signedInClient(t, userOf[name].id, userOf[name].tenantId);
  }
  return {
    t1,
    t2,
    cat1,
    cat2,
    familyA,
    familyB,
    familyC,
    contactA: contactA!,
    staff,
    operator,
    clients,
    reg,
  };
}

async function wednesdayUnit(db: Db, tenantId: string, activityId: string) {
  const [u] = await db
    .insert(units)
    .values({ tenantId, activityId, name: 'Journée', kind: 'day', startTime: '08:30', endTime: '17:30' })
    .returning();
  return u!;
}

export type World = Awaited<ReturnType<typeof buildWorld>>;

/** One route of the access matrix: how to call it and what each actor gets. */
export interface AccessRow {
  method: 'GET' | 'POST' | 'DELETE';
  /** The route pattern as registered (e.g. `/:tenant/espace`). */
  route: string;
  /** The concrete URL to call, in tenant 1 unless the row says otherwise. */
  path: (w: World) => string;
  form?: (w: World) => Record<string, string>;
  /** Expected status per actor; actors not listed expect `others`. */
  expect: Partial<Record<ActorName, number>> & { others: number };
}

/** Statuses for a page of the family area: families of tenant 1 see it; everyone else is refused. */
export const familyPage = (ok = 200): AccessRow['expect'] => ({
  others: 403,
  anonymous: 303,
  familyA: ok,
  familyB: ok,
  familyC: 404,
  staffOther: 404,
});
