import { eq } from 'drizzle-orm';
import { documentTypes } from '../features/documents/documents.schema';
import { REMINDER_JOB } from '../features/documents/documents.service';
import { messageThreads, threadMessages } from '../features/messaging/messaging.schema';
import { news } from '../features/news/news.schema';
import type { Db } from '../platform/db/client';
import { enqueueJob } from '../platform/jobs/jobs';

/**
 * Demo data of news, messages and documents (deterministic: fixed dates). The current news item has no
 * end, so it stays current whatever day the demo runs after 1 November 2026.
 */
export async function seedDemoComms(
  tx: Db,
  ids: {
    tenantId: string;
    householdId: string;
    parentUserId: string;
    managerUserId: string;
    facilityId: string;
  },
): Promise<void> {
  const t = ids.tenantId;
  const at = (iso: string) => new Date(iso);
  await tx.insert(news).values([
    {
      tenantId: t,
      title: 'Rentrée : les inscriptions aux mercredis sont ouvertes',
      body: 'Les inscriptions aux mercredis de septembre sont ouvertes jusqu’au 15 septembre.\n\nPensez à déposer l’attestation d’assurance de chaque enfant.',
      publishAt: at('2026-08-20T06:00:00Z'),
      unpublishAt: at('2026-09-16T06:00:00Z'),
      authorUserId: ids.managerUserId,
      createdAt: at('2026-08-19T10:00:00Z'),
      updatedAt: at('2026-08-19T10:00:00Z'),
    },
    {
      tenantId: t,
      title: 'Vacances de Noël : réservez avant le 5 décembre',
      body: 'Le centre de loisirs Les P’tits Loups accueille les enfants pendant les vacances de Noël, sauf les 25 décembre et 1er janvier.\n\nLes réservations sont ouvertes jusqu’au 5 décembre à minuit.',
      publishAt: at('2026-11-01T07:00:00Z'),
      unpublishAt: null,
      facilityId: ids.facilityId,
      authorUserId: ids.managerUserId,
      createdAt: at('2026-10-31T10:00:00Z'),
      updatedAt: at('2026-10-31T10:00:00Z'),
    },
    {
      tenantId: t,
      title: 'Été 2027 : ouverture des demandes le 2 juin',
      body: 'Les demandes pour l’été 2027 seront ouvertes du 2 au 16 juin 2027.',
      publishAt: at('2027-05-25T06:00:00Z'),
      unpublishAt: at('2027-06-17T06:00:00Z'),
      authorUserId: ids.managerUserId,
      createdAt: at('2026-11-02T10:00:00Z'),
      updatedAt: at('2026-11-02T10:00:00Z'),
    },
  ]);

  await tx.insert(documentTypes).values([
    {
      tenantId: t,
      name: 'Attestation d’assurance',
      description: 'Responsabilité civile et individuelle accident de l’enfant, pour l’année scolaire.',
      scope: 'child',
      mandatoryFor: ['Mercredis', 'Vacances'],
      validityKind: 'fixed_date',
      validUntil: '2027-08-31',
      acceptedKinds: ['pdf', 'jpeg', 'png', 'heic'],
      reminderDays: 30,
      createdAt: at('2026-08-01T08:00:00Z'),
    },
    {
      tenantId: t,
      name: 'Carnet de vaccination',
      description: 'Les pages des vaccinations obligatoires.',
      scope: 'child',
      mandatoryFor: ['Mercredis', 'Vacances', 'Cantine'],
      validityKind: 'none',
      acceptedKinds: ['pdf', 'jpeg', 'png', 'heic'],
      createdAt: at('2026-08-01T08:00:00Z'),
    },
    {
      tenantId: t,
      name: 'Justificatif de domicile',
      description: 'Facture d’énergie, d’eau ou de téléphone de moins de 3 mois.',
      scope: 'household',
      validityKind: 'months',
      validityMonths: 3,
      acceptedKinds: ['pdf', 'jpeg', 'png'],
      createdAt: at('2026-08-01T08:00:00Z'),
    },
  ]);

  // Two threads of the Martin household: one answered by the service (unread by the family), one
  // waiting for the service (unread by staff).
  const [billing, absence] = await tx
    .insert(messageThreads)
    .values([
      {
        tenantId: t,
        householdId: ids.householdId,
        subject: 'Question sur la facture d’octobre',
        category: 'facturation',
        createdByUserId: ids.parentUserId,
        createdAt: at('2026-11-18T08:10:00Z'),
        lastMessageAt: at('2026-11-19T13:30:00Z'),
      },
      {
        tenantId: t,
        householdId: ids.householdId,
        subject: 'Absence de Léo mercredi',
        category: 'absence',
        createdByUserId: ids.parentUserId,
        createdAt: at('2026-11-23T18:00:00Z'),
        lastMessageAt: at('2026-11-23T18:00:00Z'),
      },
    ])
    .returning();
  const msgs = await tx
    .insert(threadMessages)
    .values([
      {
        tenantId: t,
        threadId: billing!.id,
        authorSide: 'family',
        authorUserId: ids.parentUserId,
        body: 'Bonjour,\nla facture d’octobre compte deux repas le 14 octobre pour Emma. Pouvez-vous vérifier ?',
        createdAt: at('2026-11-18T08:10:00Z'),
      },
      {
        tenantId: t,
        threadId: billing!.id,
        authorSide: 'staff',
        authorUserId: ids.managerUserId,
        body: 'Bonjour,\nvous avez raison : un avoir sera joint à la facture de novembre.\n\nBien cordialement.',
        createdAt: at('2026-11-19T13:30:00Z'),
      },
      {
        tenantId: t,
        threadId: absence!.id,
        authorSide: 'family',
        authorUserId: ids.parentUserId,
        body: 'Léo a de la fièvre, il ne viendra pas mercredi. Le certificat médical suit.',
        createdAt: at('2026-11-23T18:00:00Z'),
      },
    ])
    .returning({ seq: threadMessages.seq });
  await tx
    .update(messageThreads)
    .set({ familyReadSeq: msgs[0]!.seq, staffReadSeq: msgs[1]!.seq })
    .where(eq(messageThreads.id, billing!.id));
  await tx
    .update(messageThreads)
    .set({ familyReadSeq: msgs[2]!.seq })
    .where(eq(messageThreads.id, absence!.id));

  // The daily expiry-reminder pass reschedules itself after each run.
  await enqueueJob(tx, { kind: REMINDER_JOB, dedupeKey: `${REMINDER_JOB}:seed` });
}
