import { memberships, platformUsers } from '../features/accounts/accounts.schema';
import { hashPassword } from '../features/accounts/passwords';
import { insertChildrenOfHousehold } from '../features/households/households.repository';
import { guardians, households } from '../features/households/households.schema';
import type { Db } from '../platform/db/client';

/** Logins added by the staff feature (listed in DEMO_LOGINS). */
export const DEMO_STAFF_LOGINS = [
  {
    role: 'Directeur (P. Loups)',
    email: 'directeur@demo.test',
    password: 'Demo-Direction-2026',
  },
  { role: 'Administrateur', email: 'admin@demo.test', password: 'Demo-Admin-2026' },
];

/**
 * Staff of the demo tenant (a facility director and an administrator) and two online sign-ups waiting
 * for validation (households 'pending' with their guardian's login). Deterministic.
 */
export async function seedDemoStaff(tx: Db, input: { tenantId: string; facilityId: string }): Promise<void> {
  const t = input.tenantId;
  const [directorHash, adminHash, familyHash] = await Promise.all([
    hashPassword(DEMO_STAFF_LOGINS[0]!.password),
    hashPassword(DEMO_STAFF_LOGINS[1]!.password),
    hashPassword('Demo-Inscription-2026'),
  ]);
  const [director, admin] = await tx
    .insert(platformUsers)
    .values([
      { email: 'directeur@demo.test', displayName: 'Julien Direction', passwordHash: directorHash },
      { email: 'admin@demo.test', displayName: 'Nathalie Administration', passwordHash: adminHash },
    ])
    .returning();
  await tx.insert(memberships).values([
    { tenantId: t, userId: director!.id, roles: ['director'], facilityIds: [input.facilityId] },
    { tenantId: t, userId: admin!.id, roles: ['admin'] },
  ]);

  const pending = [
    {
      name: 'Benali',
      address: '8 rue des Cerisiers',
      phone: '01 98 76 54 32',
      guardian: { firstName: 'Samira', email: 'samira.benali@exemple.test', mobile: '06 45 12 78 90' },
      kids: [
        { firstName: 'Yanis', birthDate: '2018-06-14', sex: 'M', schoolClass: 'CE2' },
        { firstName: 'Nour', birthDate: '2021-01-30', sex: 'F', schoolClass: 'MS' },
      ],
    },
    {
      name: 'Lemaire',
      address: '15 allée des Tilleuls',
      phone: '01 22 33 44 55',
      guardian: { firstName: 'Antoine', email: 'antoine.lemaire@exemple.test', mobile: '07 81 92 03 14' },
      kids: [{ firstName: 'Margot', birthDate: '2019-09-02', sex: 'F', schoolClass: 'CE1' }],
    },
  ] as const;
  for (const p of pending) {
    const [h] = await tx
      .insert(households)
      .values({
        tenantId: t,
        name: p.name,
        addressLine: p.address,
        postalCode: '00000',
        city: 'Démo',
        phone: p.phone,
        email: p.guardian.email,
        status: 'pending',
      })
      .returning();
    await tx.insert(guardians).values({
      tenantId: t,
      householdId: h!.id,
      firstName: p.guardian.firstName,
      lastName: p.name,
      email: p.guardian.email,
      mobilePhone: p.guardian.mobile,
    });
    await insertChildrenOfHousehold(
      tx,
      t,
      h!.id,
      p.kids.map((k) => ({
        firstName: k.firstName,
        lastName: p.name,
        birthDate: k.birthDate,
        sex: k.sex,
        school: 'École Jean Moulin',
        schoolClass: k.schoolClass,
      })),
    );
    const [u] = await tx
      .insert(platformUsers)
      .values({
        email: p.guardian.email,
        displayName: `${p.guardian.firstName} ${p.name}`,
        passwordHash: familyHash,
      })
      .returning();
    await tx.insert(memberships).values({ tenantId: t, userId: u!.id, householdId: h!.id });
  }
}
