import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { formatCents } from '../money';
import { createTenantPdf, formatSiret, PDF_FONTS, pdfToBuffer } from './pdf';

const tenant = {
  name: 'Ville de Démo',
  legalName: 'Commune de Démo-sur-Loire',
  siret: '21450000100015',
  address: '1 place de l’Hôtel de Ville, 45000 Démo-sur-Loire',
  contactEmail: 'enfance@demo.test',
  contactPhone: '02 38 00 00 00',
  primaryColor: '#1f4e8c',
};

const dir = mkdtempSync(join(tmpdir(), 'maisonnee-pdf-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function pdftotext(pdf: Buffer): string {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('tenant PDF', () => {
  it('is a PDF whose text (accents, €, narrow spaces) pdftotext can read', async () => {
    const doc = createTenantPdf(tenant, 'Attestation d’inscription', {
      createdAt: new Date('2026-11-25T09:00:00Z'),
    });
    doc.text('Éléonore, crèche, garçon, 12,50 €');
    doc.font(PDF_FONTS.bold).text(`Total : ${formatCents(123456)}`);
    doc.font(PDF_FONTS.regular).text('Łucja Kowalska, Zoë Şahin, Nguyễn Văn An, Œuvre');
    const pdf = await pdfToBuffer(doc);
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    const text = pdftotext(pdf);
    assert.match(text, /Éléonore, crèche, garçon, 12,50 €/);
    assert.match(text, /Total : 1.234,56.€/);
    assert.match(text, /Łucja Kowalska, Zoë Şahin, Nguyễn Văn An, Œuvre/);
    assert.match(text, /Ville de Démo/);
    assert.match(text, /Commune de Démo-sur-Loire/);
    assert.match(text, /1 place de l’Hôtel de Ville/);
    assert.match(text, /SIRET : 214 500 001 00015/);
    assert.match(text, /enfance@demo\.test · 02 38 00 00 00/);
    assert.match(text, /Attestation d’inscription/);
    assert.match(text, /Page 1 \/ 1/);
  });
  it('numbers every page "Page n / total"', async () => {
    const doc = createTenantPdf(tenant, 'Registre de présence', {
      createdAt: new Date('2026-11-25T09:00:00Z'),
    });
    for (let i = 1; i <= 120; i++) doc.text(`Ligne ${i} — enfant présent`);
    const pdf = await pdfToBuffer(doc);
    const pages = pdftotext(pdf)
      .split('\f')
      .filter((p) => p.trim() !== '');
    assert.ok(pages.length >= 2, `${pages.length} pages`);
    pages.forEach((page, i) => {
      assert.match(page, new RegExp(`Page ${i + 1} / ${pages.length}`));
    });
    assert.match(pages.at(-1)!, /Ligne 120/);
  });
  it('is deterministic with a fixed creation date', async () => {
    const make = () => {
      const doc = createTenantPdf(tenant, 'Facture', { createdAt: new Date('2026-11-25T09:00:00Z') });
      doc.text('Montant : 12,50 €');
      return pdfToBuffer(doc);
    };
    const [a, b] = await Promise.all([make(), make()]);
    assert.ok(a.length > 1000);
    assert.ok(a.length < 200_000, `font subset only: ${a.length} bytes`);
    assert.equal(a.length, b.length);
  });
  it('formats SIRET numbers', () => {
    assert.equal(formatSiret('21450000100015'), '214 500 001 00015');
    assert.equal(formatSiret('123'), '123');
  });
});
