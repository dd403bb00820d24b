import { count } from 'drizzle-orm';
import type { AppConfig } from '../config';
import { memberships, platformUsers } from '../features/accounts/accounts.schema';
import { hashPassword } from '../features/accounts/passwords';
import { facilities } from '../features/catalogue/catalogue.schema';
import { children, guardians, householdChildren, households } from '../features/households/households.schema';
import { tenants } from '../features/tenants/tenants.schema';
import type { Db } from '../platform/db/client';
import type { FileStorage } from '../platform/files/storage';
import { seedDemoAbsences, storeDemoCertificate } from './demo-absences';
import { seedDemoAttendanceBookings } from './demo-attendance';
import { seedDemoBilling } from './demo-billing';
import { seedDemoBookings } from './demo-bookings';
import { seedDemoStaffBookings } from './demo-bookings-staff';
import { seedDemoCatalogue } from './demo-catalogue';
import { seedDemoComms } from './demo-comms';
import { seedDemoHouseholds } from './demo-households';
import { seedDemoOnlinePayments } from './demo-pay-online';
import { seedDemoPayments } from './demo-payments';
import { DEMO_STAFF_LOGINS, seedDemoStaff } from './demo-staff';
import { seededRandom } from './random';

export interface DemoLogin {
  role: string;
  email: string;
  password: string;
}

export const DEMO_LOGINS: DemoLogin[] = [
  { role: 'Famille (foyer Martin)', email: 'parent@demo.test', password: 'Demo-Famille-2026' },
  { role: 'Gestionnaire', email: 'gestion@demo.test', password: 'Demo-Gestion-2026' },
  { role: 'Animateur', email: 'animation@demo.test', password: 'Demo-Animation-2026' },
  { role: 'Régisseur', email: 'regie@demo.test', password: 'Demo-Regie-2026' },
  { role: 'Opérateur plateforme', email: 'operateur@demo.test', password: 'Demo-Operateur-2026' },
  ...DEMO_STAFF_LOGINS,
];

const LAST_NAMES = [
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefebvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Lefèvre',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'François',
  'Martinez',
  'Legrand',
  'Garnier',
  'Faure',
  'Rousseau',
  'Blanc',
  'Guérin',
  'Muller',
  'Henry',
  'Roussel',
  'Nicolas',
] as const;
const GUARDIAN_FIRST = [
  'Camille',
  'Julie',
  'Sophie',
  'Nicolas',
  'Thomas',
  'Aurélie',
  'Karim',
  'Nadia',
  'Sébastien',
  'Émilie',
  'Mathieu',
  'Fatima',
  'Julien',
  'Céline',
  'Yann',
  'Laure',
] as const;
const CHILD_F = [
  'Emma',
  'Jade',
  'Louise',
  'Alice',
  'Chloé',
  'Lina',
  'Léa',
  'Rose',
  'Anna',
  'Inès',
  'Zoé',
  'Manon',
] as const;
const CHILD_M = [
  'Gabriel',
  'Léo',
  'Raphaël',
  'Arthur',
  'Louis',
  'Lucas',
  'Adam',
  'Jules',
  'Hugo',
  'Maël',
  'Noah',
  'Sacha',
] as const;
const STREETS = [
  'rue des Écoles',
  'avenue Jean Jaurès',
  'rue Victor Hugo',
  'place de la Mairie',
  'chemin des Vignes',
  'rue du Moulin',
  'allée des Tilleuls',
  'boulevard Pasteur',
] as const;
const CLASSES = ['PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2'] as const;

/** Seeds the demo tenant when the database has no tenant (or when SEED_DEMO=yes on an empty one). */
export async function seedDemoIfEmpty(
  db: Db,
  config: AppConfig,
  storage?: FileStorage,
  secretsKey?: Uint8Array,
): Promise<{ logins: DemoLogin[] } | null> {
  if (config.SEED_DEMO === 'no') return null;
  const [row] = await db.select({ n: count() }).from(tenants);
  if (Number(row?.n ?? 0) > 0) return (await hasDemoTenant(db)) ? { logins: DEMO_LOGINS } : null;
  if (config.isProduction && config.SEED_DEMO !== 'yes') return null;
  await seedDemo(db, storage, new Date(), secretsKey);
  return { logins: DEMO_LOGINS };
}

async function hasDemoTenant(db: Db): Promise<boolean> {
  const rows = await db.select({ slug: tenants.slug }).from(tenants);
  return rows.some((r) => r.slug === 'demo');
}

/**
 * The demo data set: deterministic (fixed seed), in one transaction. With a file storage, the pending
 * demo absence carries a medical certificate (written before the transaction).
 */
export async function seedDemo(
  db: Db,
  storage?: FileStorage,
  now: Date = new Date(),
  /** The deployment's secrets key: demo SEPA mandates seal their IBAN with it (left out without it). */
  secretsKey?: Uint8Array,
): Promise<void> {
  const hashes = await Promise.all(DEMO_LOGINS.map((l) => hashPassword(l.password)));
  const certificate = storage ? await storeDemoCertificate(storage) : null;
  const rnd = seededRandom(20262027);
  await db.transaction(async (tx) => {
    const [demo] = await tx
      .insert(tenants)
      .values({
        slug: 'demo',
        name: 'Ville de Démo',
        legalName: 'Commune de Démo',
        siret: '21000000000013',
        address: '1 place de la Mairie, 00000 Démo',
        contactEmail: 'enfance@demo.test',
        contactPhone: '01 23 45 67 89',
        schoolZone: 'B',
        holidayRegion: 'metropole',
        primaryColor: '#1f4e8c',
      })
      .returning();
    await tx.insert(tenants).values({
      slug: 'val-enfance',
      name: 'Val Enfance (intercommunalité)',
      legalName: 'Communauté de communes du Val',
      siret: '20000000000014',
      address: '2 rue du Val, 00001 Val',
      contactEmail: 'contact@val-enfance.test',
      schoolZone: 'A',
      primaryColor: '#6b2c91',
    });
    const t = demo!.id;

    const [loups, moulin] = await tx
      .insert(facilities)
      .values([
        { tenantId: t, name: "Les P'tits Loups", address: '12 rue des Écoles, 00000 Démo' },
        { tenantId: t, name: 'École Jean Moulin', address: '4 avenue Jean Jaurès, 00000 Démo' },
      ])
      .returning();

    // 40 households: the Martin household first (the demo family login), then 39 others.
    const names = ['Martin', ...LAST_NAMES];
    const hh = await tx
      .insert(households)
      .values(
        names.map((name, i) => ({
          tenantId: t,
          name,
          addressLine: `${rnd.int(1, 120)} ${rnd.pick(STREETS)}`,
          postalCode: '00000',
          city: 'Démo',
          phone: `06 ${String(10 + i).padStart(2, '0')} ${rnd.int(10, 99)} ${rnd.int(10, 99)} ${rnd.int(10, 99)}`,
          email: `${name
            .toLowerCase()
            .normalize('NFD')
            .replace(/[^a-z]/g, '')}@exemple.test`,
          allocataireRegime: rnd.next() < 0.85 ? 'CAF' : 'MSA',
          allocataireNumber: String(rnd.int(1_000_000, 9_999_999)),
          familyQuotient: rnd.next() < 0.9 ? rnd.int(250, 2200) : null,
        })),
      )
      .returning();

    const guardianRows = hh.flatMap((h, i) => {
      const count2 = i === 0 || rnd.next() < 0.6 ? 2 : 1;
      return Array.from({ length: count2 }, (_, k) => {
        const first = i === 0 ? (k === 0 ? 'Camille' : 'Thomas') : rnd.pick(GUARDIAN_FIRST);
        return {
          tenantId: t,
          householdId: h.id,
          firstName: first,
          lastName: h.name,
          email:
            i === 0 && k === 0
              ? 'parent@demo.test'
              : `${first
                  .toLowerCase()
                  .normalize('NFD')
                  .replace(/[^a-z]/g, '')}.${h.email}`,
          mobilePhone: `07 ${rnd.int(10, 99)} ${rnd.int(10, 99)} ${rnd.int(10, 99)} ${rnd.int(10, 99)}`,
          profession: rnd.pick([
            'Infirmière',
            'Enseignant',
            'Comptable',
            'Artisan',
            'Agent territorial',
            'Vendeuse',
            'Ingénieur',
          ]),
        };
      });
    });
    await tx.insert(guardians).values(guardianRows);

    const childRows = hh.flatMap((h, i) => {
      const n = i === 0 ? 2 : rnd.int(1, 3);
      return Array.from({ length: n }, (_, k) => {
        const sex = i === 0 ? (k === 0 ? 'F' : 'M') : rnd.next() < 0.5 ? 'F' : 'M';
        const first = i === 0 ? (k === 0 ? 'Emma' : 'Léo') : rnd.pick(sex === 'F' ? CHILD_F : CHILD_M);
        const birthYear = i === 0 ? (k === 0 ? 2018 : 2021) : rnd.int(2015, 2023);
        const birthDate = `${birthYear}-${String(rnd.int(1, 12)).padStart(2, '0')}-${String(rnd.int(1, 28)).padStart(2, '0')}`;
        const level = Math.min(7, Math.max(0, 2026 - birthYear - 3));
        return {
          householdId: h.id,
          tenantId: t,
          firstName: first,
          lastName: h.name,
          birthDate,
          sex,
          school: 'École Jean Moulin',
          schoolClass: CLASSES[level]!,
        };
      });
    });
    const insertedChildren = await tx
      .insert(children)
      .values(childRows.map(({ householdId: _h, ...c }) => c))
      .returning();
    await tx.insert(householdChildren).values(
      childRows.map((c, i) => ({
        tenantId: t,
        householdId: c.householdId,
        childId: insertedChildren[i]!.id,
      })),
    );
    const kids = insertedChildren.map((k, i) => ({ ...k, householdId: childRows[i]!.householdId }));

    const users = await tx
      .insert(platformUsers)
      .values([
        { email: 'parent@demo.test', displayName: 'Camille Martin', passwordHash: hashes[0]! },
        { email: 'gestion@demo.test', displayName: 'Sandrine Gestion', passwordHash: hashes[1]! },
        { email: 'animation@demo.test', displayName: 'Karim Animation', passwordHash: hashes[2]! },
        { email: 'regie@demo.test', displayName: 'Hélène Régie', passwordHash: hashes[3]! },
        {
          email: 'operateur@demo.test',
          displayName: 'Opérateur Maisonnée',
          passwordHash: hashes[4]!,
          isOperator: true,
        },
      ])
      .returning();
    const [parent, manager, animator, accountant] = users;
    await tx.insert(memberships).values([
      { tenantId: t, userId: parent!.id, householdId: hh[0]!.id },
      { tenantId: t, userId: manager!.id, roles: ['manager'] },
      { tenantId: t, userId: animator!.id, roles: ['animator'], facilityIds: [loups!.id] },
      { tenantId: t, userId: accountant!.id, roles: ['accountant'] },
    ]);
    await seedDemoHouseholds(tx, t);
    await seedDemoCatalogue(tx, {
      tenantId: t,
      loups: loups!,
      moulin: moulin!,
      children: kids,
      managerId: manager!.id,
    });
    await seedDemoAttendanceBookings(tx, { tenantId: t, skipHouseholdId: hh[0]!.id });
    await seedDemoStaff(tx, { tenantId: t, facilityId: loups!.id });
    // Relative to the day of seeding, so that the staff pages show upcoming bookings.
    await seedDemoStaffBookings(tx, {
      tenantId: t,
      managerId: manager!.id,
      now,
      skipHouseholdId: hh[0]!.id,
    });
    await seedDemoComms(tx, {
      tenantId: t,
      householdId: hh[0]!.id,
      parentUserId: parent!.id,
      managerUserId: manager!.id,
      facilityId: loups!.id,
    });
    const martinKids = kids.filter((k) => k.householdId === hh[0]!.id);
    await seedDemoAbsences(tx, {
      tenantId: t,
      householdId: hh[0]!.id,
      emmaId: martinKids.find((k) => k.firstName === 'Emma')!.id,
      leoId: martinKids.find((k) => k.firstName === 'Léo')!.id,
      parentUserId: parent!.id,
      managerUserId: manager!.id,
      certificate,
    });
    await seedDemoOnlinePayments(tx, {
      tenantId: t,
      householdId: hh[0]!.id,
      parentUserId: parent!.id,
      childName: 'Emma Martin',
      issuer: {
        name: demo!.name,
        legalName: demo!.legalName,
        siret: demo!.siret,
        address: demo!.address,
        contactEmail: demo!.contactEmail,
        contactPhone: demo!.contactPhone,
      },
    });
    await seedDemoPayments(tx, {
      tenant: demo!,
      households: hh.slice(1, 5),
      childNames: new Map(kids.map((k) => [k.householdId, `${k.firstName} ${k.lastName}`])),
      accountantUserId: accountant!.id,
      secretsKey,
    });
  });
  // After the commit: bookings go through the real confirmation (its own transactions).
  await seedDemoBookings(db, now);
  await seedDemoBilling(db, 'demo');
}
