import PDFDocument from 'pdfkit';
import { absenceDeclarations } from '../features/absences/absences.schema';
import type { Db } from '../platform/db/client';
import type { FileStorage } from '../platform/files/storage';

/**
 * Demo absences of the Martin household (deterministic): Emma's medical appointment on Monday
 * 9 November 2026, accepted; Léo's illness on Wednesday 25 November, pending with a medical certificate
 * (the message thread "Absence de Léo mercredi" announces it).
 */

/** A small, deterministic PDF standing for a doctor's certificate. */
export function demoCertificatePdf(): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A5',
    info: { Title: 'Certificat médical', CreationDate: new Date('2026-11-24T08:30:00Z') },
  });
  doc.fontSize(16).text('Certificat médical');
  doc.moveDown();
  doc
    .fontSize(11)
    .text('Je soussignée, Dr Anne Bernard, certifie avoir examiné ce jour l’enfant Léo Martin.')
    .text('Son état de santé ne lui permet pas de fréquenter la collectivité le mercredi 25 novembre 2026.')
    .moveDown()
    .text('Fait à Démo, le 24 novembre 2026.');
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.end();
  });
}

/** Writes the demo certificate to the encrypted storage (before the seed transaction). */
export async function storeDemoCertificate(storage: FileStorage) {
  const bytes = await demoCertificatePdf();
  const stored = await storage.put(bytes, { maxBytes: 1_000_000 });
  return { storageKey: stored.key, sizeBytes: stored.size };
}

export async function seedDemoAbsences(
  tx: Db,
  ids: {
    tenantId: string;
    householdId: string;
    emmaId: string;
    leoId: string;
    parentUserId: string;
    managerUserId: string;
    certificate: { storageKey: string; sizeBytes: number } | null;
  },
): Promise<void> {
  const t = ids.tenantId;
  await tx.insert(absenceDeclarations).values([
    {
      tenantId: t,
      householdId: ids.householdId,
      childId: ids.emmaId,
      firstDay: '2026-11-09',
      lastDay: '2026-11-09',
      reason: 'rendez_vous_medical',
      comment: 'Rendez-vous chez l’orthophoniste à 14 h.',
      status: 'accepted',
      formToken: '7d1c5e0a-0000-4000-8000-000000000001',
      declaredAt: new Date('2026-11-06T17:20:00Z'),
      declaredByUserId: ids.parentUserId,
      decidedAt: new Date('2026-11-09T08:15:00Z'),
      decidedByUserId: ids.managerUserId,
    },
    {
      tenantId: t,
      householdId: ids.householdId,
      childId: ids.leoId,
      firstDay: '2026-11-25',
      lastDay: '2026-11-25',
      reason: 'maladie',
      comment: 'Fièvre depuis lundi soir.',
      status: 'pending',
      formToken: '7d1c5e0a-0000-4000-8000-000000000002',
      certificateKey: ids.certificate?.storageKey ?? null,
      certificateName: ids.certificate ? 'certificat-medical-leo.pdf' : null,
      certificateKind: ids.certificate ? 'pdf' : null,
      certificateSize: ids.certificate?.sizeBytes ?? null,
      declaredAt: new Date('2026-11-24T09:10:00Z'),
      declaredByUserId: ids.parentUserId,
    },
  ]);
}
