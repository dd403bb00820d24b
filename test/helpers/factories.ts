import { memberships, platformUsers, type StaffRole } from '../../src/features/accounts/accounts.schema';
import { hashPassword } from '../../src/features/accounts/passwords';
import { activities, facilities, periods } from '../../src/features/catalogue/catalogue.schema';
import {
  children,
  guardians,
  householdChildren,
  households,
} from '../../src/features/households/households.schema';
import { tenants } from '../../src/features/tenants/tenants.schema';
import type { Db } from '../../src/platform/db/client';

let counter = 0;
const next = () => ++counter;

export async function createTenant(db: Db, overrides: Partial<typeof tenants.$inferInsert> = {}) {
  const n = next();
  const [t] = await db
    .insert(tenants)
    .values({
      slug: `ville-${n}`,
      name: `Ville ${n}`,
      legalName: `Commune ${n}`,
      siret: '21000000000013',
      address: `${n} place de la Mairie`,
      contactEmail: `enfance${n}@ville.test`,
      ...overrides,
    })
    .returning();
  return t!;
}

/** A password hash computed once: argon2id is deliberately slow. */
let defaultHash: Promise<string> | null = null;
export const TEST_PASSWORD = 'Mot-de-passe-test-2026';

export async function createUser(
  db: Db,
  overrides: Partial<typeof platformUsers.$inferInsert> & { password?: string } = {},
) {
  const n = next();
  const { password, ...rest } = overrides;
  defaultHash ??= hashPassword(TEST_PASSWORD);
  const [u] = await db
    .insert(platformUsers)
    .values({
      email: `personne${n}@exemple.test`,
      displayName: `Personne ${n}`,
      passwordHash: password ? await hashPassword(password) : await defaultHash,
      ...rest,
    })
    .returning();
  return u!;
}

export async function createHousehold(db: Db, tenantId: string, name = `Famille ${next()}`) {
  const [h] = await db.insert(households).values({ tenantId, name, city: 'Démo' }).returning();
  const [g] = await db
    .insert(guardians)
    .values({
      tenantId,
      householdId: h!.id,
      firstName: 'Alex',
      lastName: name,
      email: `${h!.id}@exemple.test`,
    })
    .returning();
  const [c] = await db
    .insert(children)
    .values({
      tenantId,
      firstName: 'Lou',
      lastName: name,
      birthDate: '2019-05-04',
      sex: 'F',
    })
    .returning();
  await db.insert(householdChildren).values({ tenantId, householdId: h!.id, childId: c!.id });
  return { household: h!, guardian: g!, child: c! };
}

/** Adds a child to a household (through the household_children link). */
export async function addChild(
  db: Db,
  tenantId: string,
  householdId: string,
  fields: { firstName: string; lastName: string; birthDate: string; sex: 'F' | 'M' } & Partial<
    typeof children.$inferInsert
  >,
) {
  const [c] = await db
    .insert(children)
    .values({ ...fields, tenantId })
    .returning();
  await db.insert(householdChildren).values({ tenantId, householdId, childId: c!.id });
  return c!;
}

/** A household with a guardian who can sign in. */
export async function createFamily(db: Db, tenantId: string) {
  const records = await createHousehold(db, tenantId);
  const user = await createUser(db, { email: records.guardian.email, displayName: 'Alex Parent' });
  await db.insert(memberships).values({ tenantId, userId: user.id, householdId: records.household.id });
  return { ...records, user };
}

export async function createStaff(db: Db, tenantId: string, roles: StaffRole[], facilityIds: string[] = []) {
  const user = await createUser(db, { displayName: `Agent ${roles.join('+')}` });
  await db.insert(memberships).values({ tenantId, userId: user.id, roles, facilityIds });
  return user;
}

export async function createCatalogue(db: Db, tenantId: string) {
  const [facility] = await db.insert(facilities).values({ tenantId, name: 'Centre de loisirs' }).returning();
  const [activity] = await db
    .insert(activities)
    .values({ tenantId, facilityId: facility!.id, name: 'Mercredis', kind: 'wednesday' })
    .returning();
  const [period] = await db
    .insert(periods)
    .values({
      tenantId,
      activityId: activity!.id,
      name: 'Année 2026-2027',
      firstDay: '2026-09-01',
      lastDay: '2027-07-02',
    })
    .returning();
  return { facility: facility!, activity: activity!, period: period! };
}
