import { and, asc, eq } from 'drizzle-orm';
import {
  childHealth,
  children,
  familyQuotients,
  guardians,
  householdChildren,
  householdContacts,
  households,
} from '../features/households/households.schema';
import { householdRequests } from '../features/requests/requests.schema';
import type { Db } from '../platform/db/client';
import { seededRandom } from './random';

const RELATIONS = [
  'Grand-mère',
  'Grand-père',
  'Tante',
  'Oncle',
  'Voisine',
  'Ami de la famille',
  'Nounou',
] as const;
const CONTACT_FIRST = [
  'Monique',
  'Jean',
  'Chantal',
  'Michel',
  'Isabelle',
  'Patrick',
  'Sylvie',
  'Bernard',
] as const;
const ALLERGIES = ['Arachide', 'Gluten', 'Lactose', 'Œuf', 'Fruits à coque', 'Kiwi'] as const;
const DIETS = ['Sans porc', 'Végétarien', 'Sans viande'] as const;
const EMPLOYERS = [
  'Hôpital de Démo',
  'Mairie de Démo',
  'Boulangerie du Centre',
  'Démo Industrie',
  'Lycée Pasteur',
] as const;
const FAMILY = ['married', 'cohabiting', 'single', 'separated', 'married', 'married'] as const;
const WORK = ['both_working', 'one_working', 'both_working', 'job_seeking', 'training'] as const;

const phone = (rnd: ReturnType<typeof seededRandom>, prefix: string) =>
  `${prefix} ${rnd.int(10, 99)} ${rnd.int(10, 99)} ${rnd.int(10, 99)} ${rnd.int(10, 99)}`;

/**
 * The households part of the demo: situations, QF history, guardians' details, contacts, health data for
 * some children (one PAI), one child in shared custody between two households, and a few pending
 * requests (an address change, a contact to add). Deterministic; runs inside seedDemo's transaction.
 */
export async function seedDemoHouseholds(tx: Db, tenantId: string): Promise<void> {
  const rnd = seededRandom(4_2026);
  const hh = await tx
    .select()
    .from(households)
    .where(eq(households.tenantId, tenantId))
    .orderBy(asc(households.createdAt), asc(households.name));
  // The Martin household (the demo family) first, then the others by name.
  hh.sort((a, b) =>
    a.name === 'Martin' ? -1 : b.name === 'Martin' ? 1 : a.name.localeCompare(b.name, 'fr'),
  );

  for (const [i, h] of hh.entries()) {
    const qfNow = h.familyQuotient;
    const previous = qfNow === null ? null : Math.max(0, qfNow + rnd.int(-150, 150));
    await tx
      .update(households)
      .set({
        familySituation: i === 0 ? 'married' : rnd.pick(FAMILY),
        professionalSituation: i === 0 ? 'both_working' : rnd.pick(WORK),
        phone2: rnd.next() < 0.3 ? phone(rnd, '01') : '',
        paperlessInvoices: rnd.next() < 0.8,
        qfValidFrom: qfNow === null ? null : '2026-01-01',
        qfSource: qfNow === null ? null : rnd.next() < 0.7 ? 'api' : 'document',
      })
      .where(eq(households.id, h.id));
    if (qfNow !== null && previous !== null)
      await tx.insert(familyQuotients).values([
        { tenantId, householdId: h.id, value: previous, validFrom: '2025-01-01', source: 'document' },
        { tenantId, householdId: h.id, value: qfNow, validFrom: '2026-01-01', source: 'api' },
      ]);

    const gs = await tx
      .select()
      .from(guardians)
      .where(and(eq(guardians.tenantId, tenantId), eq(guardians.householdId, h.id)))
      .orderBy(asc(guardians.email));
    for (const g of gs)
      await tx
        .update(guardians)
        .set({
          civility: [
            'Camille',
            'Julie',
            'Sophie',
            'Aurélie',
            'Nadia',
            'Émilie',
            'Fatima',
            'Céline',
            'Laure',
          ].includes(g.firstName)
            ? 'Mme'
            : 'M.',
          homePhone: rnd.next() < 0.4 ? phone(rnd, '01') : '',
          workPhone: rnd.next() < 0.5 ? phone(rnd, '03') : '',
          employer: rnd.pick(EMPLOYERS),
        })
        .where(eq(guardians.id, g.id));

    const contactCount = i === 0 ? 2 : rnd.int(0, 2);
    for (let k = 0; k < contactCount; k++)
      await tx.insert(householdContacts).values({
        tenantId,
        householdId: h.id,
        name:
          i === 0 && k === 0
            ? 'Monique Martin'
            : `${rnd.pick(CONTACT_FIRST)} ${rnd.pick(['Perrin', 'Colin', 'Marchand', 'Lemoine'])}`,
        relation: i === 0 && k === 0 ? 'Grand-mère' : rnd.pick(RELATIONS),
        mobilePhone: phone(rnd, '06'),
        mayPickUp: k === 0 || rnd.next() < 0.5,
        emergency: k === 0,
      });

    const kids = await tx
      .select({ id: children.id, firstName: children.firstName })
      .from(householdChildren)
      .innerJoin(children, eq(children.id, householdChildren.childId))
      .where(eq(householdChildren.householdId, h.id))
      .orderBy(asc(children.birthDate), asc(children.id));
    for (const [k, c] of kids.entries()) {
      const roll = rnd.next();
      const isPai = i === 0 && k === 0; // Emma Martin: PAI for a peanut allergy
      if (isPai || roll < 0.25)
        await tx.insert(childHealth).values({
          tenantId,
          childId: c.id,
          allergies: isPai ? 'Arachide (allergie sévère)' : rnd.next() < 0.7 ? rnd.pick(ALLERGIES) : '',
          diet: rnd.next() < 0.4 ? rnd.pick(DIETS) : '',
          pai: isPai,
          paiNotes: isPai
            ? 'Trousse d’urgence (stylo d’adrénaline) dans le sac ; appeler le 15 puis les parents.'
            : '',
          doctorName: 'Dr Lefort',
          doctorPhone: '01 23 45 00 00',
        });
      await tx
        .update(children)
        .set({ imageRights: rnd.next() < 0.7 })
        .where(eq(children.id, c.id));
    }
  }

  // Shared custody: the first child of the second household also lives in the third one.
  const [second, third] = [hh[1]!, hh[2]!];
  const [shared] = await tx
    .select({ id: householdChildren.childId })
    .from(householdChildren)
    .where(eq(householdChildren.householdId, second.id))
    .limit(1);
  if (shared) {
    await tx.insert(householdChildren).values({ tenantId, householdId: third.id, childId: shared.id });
    await tx.update(households).set({ familySituation: 'separated' }).where(eq(households.id, second.id));
    await tx.update(households).set({ familySituation: 'separated' }).where(eq(households.id, third.id));
  }

  // A few pending requests for the staff queue (oldest first).
  const r = (n: number) => hh[n]!;
  await tx.insert(householdRequests).values([
    {
      tenantId,
      householdId: r(4).id,
      kind: 'change',
      subjectType: 'household',
      subjectId: r(4).id,
      changes: [
        { field: 'household.addressLine', before: r(4).addressLine, after: '3 impasse des Lilas' },
        { field: 'household.city', before: r(4).city, after: 'Démo-sur-Loire' },
      ],
      createdAt: new Date('2026-11-18T08:30:00Z'),
    },
    {
      tenantId,
      householdId: r(7).id,
      kind: 'add_contact',
      payload: {
        name: 'Chantal Perrin',
        relation: 'Grand-mère',
        mobilePhone: '06 12 34 56 78',
        otherPhone: '',
        mayPickUp: true,
        emergency: true,
      },
      createdAt: new Date('2026-11-20T17:45:00Z'),
    },
    {
      tenantId,
      householdId: r(10).id,
      kind: 'change',
      subjectType: 'household',
      subjectId: r(10).id,
      changes: [
        {
          field: 'household.familyQuotient',
          before: r(10).familyQuotient === null ? null : String(r(10).familyQuotient),
          after: '480',
        },
        { field: 'household.qfValidFrom', before: null, after: '2026-11-01' },
      ],
      createdAt: new Date('2026-11-23T12:10:00Z'),
    },
  ]);
}
