import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { createTenantPdf, PDF_FONTS, pdfToBuffer } from '../../platform/pdf/pdf';
import type { FieldChange } from '../requests/domain/diff';
import { displayValue, fieldsOf, QF_SOURCES } from '../requests/domain/field-policy';
import { describeRequest, KIND_LABEL } from '../requests/requests.service';
import type { Tenant } from '../tenants/tenants.schema';
import { ageLabel, dayIn, frenchDate } from './domain/age';
import { loadFamilyRecord } from './family-record';

/** Everything the portal holds on a household, for the RGPD export (JSON). */
export async function exportFamilyJson(db: Db, tenant: Tenant, householdId: string, now: Date) {
  const r = await loadFamilyRecord(db, tenant.id, householdId, { health: true, requests: 1000 });
  if (!r) throw new AppError('NOT_FOUND');
  const { tenantId: _t, ...household } = r.household;
  return {
    generatedAt: now.toISOString(),
    controller: { name: tenant.legalName, contact: tenant.contactEmail, address: tenant.address },
    household,
    familyQuotients: r.quotients.map(({ tenantId: _x, ...q }) => q),
    guardians: r.guardians.map(({ tenantId: _x, ...g }) => g),
    children: r.children.map(({ tenantId: _x, health, ...c }) => ({
      ...c,
      health: health ? (({ tenantId: _y, ...h }) => h)(health) : null,
    })),
    contacts: r.contacts.map(({ tenantId: _x, ...c }) => c),
    requests: r.requests.map(({ tenantId: _x, ...q }) => q),
  };
}
export type FamilyExport = Awaited<ReturnType<typeof exportFamilyJson>>;

/** A readable PDF of the same data, on the shared tenant PDF helper (header, fonts, page numbers). */
export function renderFamilyPdf(
  data: FamilyExport,
  tenant: Tenant,
  today: string,
  now: Date,
): Promise<Buffer> {
  const doc = createTenantPdf(tenant, 'Mes données', {
    createdAt: now,
    subject: `Foyer ${data.household.name}`,
  });
  const R = PDF_FONTS.regular;
  const B = PDF_FONTS.bold;
  const h1 = (t: string) => doc.moveDown(0.5).font(B).fontSize(15).text(t).moveDown(0.3);
  const h2 = (t: string) => doc.moveDown(0.4).font(B).fontSize(12).text(t).moveDown(0.2);
  const line = (label: string, value: string) =>
    doc
      .font(B)
      .fontSize(10)
      .text(`${label} : `, { continued: true })
      .font(R)
      .text(value || '—');
  const str = (v: unknown) =>
    v === null || v === undefined ? '' : typeof v === 'boolean' ? String(v) : String(v);

  doc.moveDown(0.5).font(B).fontSize(18).text('Mes données');
  doc
    .font(R)
    .fontSize(10)
    .text(`${data.controller.name} · extrait du ${frenchDate(today)}`);
  h1(`Foyer ${data.household.name}`);
  for (const d of fieldsOf('household')) {
    line(d.label, displayValue(d, str((data.household as Record<string, unknown>)[d.column])));
  }
  h2('Historique du quotient familial');
  if (data.familyQuotients.length === 0) doc.font(R).fontSize(10).text('Aucun.');
  for (const q of data.familyQuotients)
    doc
      .font(R)
      .fontSize(10)
      .text(
        `${frenchDate(q.validFrom)} : ${q.value} (${QF_SOURCES[q.source as keyof typeof QF_SOURCES] ?? q.source})`,
      );

  h1('Responsables légaux');
  for (const g of data.guardians) {
    h2(`${g.firstName} ${g.lastName}`);
    for (const d of fieldsOf('guardian'))
      line(d.label, displayValue(d, str((g as Record<string, unknown>)[d.column])));
  }
  h1('Enfants');
  for (const c of data.children) {
    h2(`${c.firstName} ${c.lastName} (${ageLabel(c.birthDate, today)})`);
    for (const d of fieldsOf('child'))
      line(d.label, displayValue(d, str((c as Record<string, unknown>)[d.column])));
    if (c.health)
      for (const d of fieldsOf('childHealth'))
        line(d.label, displayValue(d, str((c.health as Record<string, unknown>)[d.column])));
  }
  h1('Contacts');
  if (data.contacts.length === 0) doc.font(R).fontSize(10).text('Aucun.');
  for (const k of data.contacts)
    doc
      .font(R)
      .fontSize(10)
      .text(
        `${k.name}${k.relation ? ` (${k.relation})` : ''} · ${[k.mobilePhone, k.otherPhone].filter(Boolean).join(' / ')}` +
          `${k.mayPickUp ? ' · peut venir chercher' : ''}${k.emergency ? ' · urgence' : ''}`,
      );
  h1('Demandes');
  if (data.requests.length === 0) doc.font(R).fontSize(10).text('Aucune.');
  const statusText: Record<string, string> = {
    pending: 'en attente',
    accepted: 'acceptée',
    refused: 'refusée',
    replaced: 'remplacée',
  };
  for (const q of data.requests) {
    doc
      .font(B)
      .fontSize(10)
      .text(
        `${KIND_LABEL[q.kind] ?? q.kind} du ${frenchDate(dayIn(q.createdAt))} : ${statusText[q.status] ?? q.status}`,
      );
    for (const l of describeRequest({
      kind: q.kind,
      changes: q.changes as FieldChange[],
      payload: q.payload,
    }))
      doc.font(R).text(`  ${l}`);
    if (q.staffComment) doc.font(R).text(`  Commentaire : ${q.staffComment}`);
  }
  return pdfToBuffer(doc);
}
