import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { beforeEach, describe, it } from 'node:test';
import { useTestApp } from '../../../test/helpers/app';
import { createIssuedInvoice } from '../../../test/helpers/billing-factories';
import { signedInClient, type TestClient } from '../../../test/helpers/client';
import {
  addChild,
  createCatalogue,
  createFamily,
  createStaff,
  createTenant,
} from '../../../test/helpers/factories';
import { attendanceMarks } from '../attendance/attendance.schema';
import { units } from '../catalogue/catalogue.schema';

describe('billing CSV exports', () => {
  const t = useTestApp();
  let tenant: Awaited<ReturnType<typeof createTenant>>;
  let fam: Awaited<ReturnType<typeof createFamily>>;
  let accountant: TestClient;
  let base: string;
  beforeEach(async () => {
    tenant = await createTenant(t.db);
    await t.app.tenants.refresh();
    fam = await createFamily(t.db, tenant.id);
    accountant = await signedInClient(t, (await createStaff(t.db, tenant.id, ['accountant'])).id, tenant.id);
    base = `/${tenant.slug}`;
  });

  it('exports the period’s invoices and credit notes for the accounting (BOM, ;, decimal comma)', async () => {
    const inv = await createIssuedInvoice(t.db, tenant.id, fam.household.id, {
      lines: [{ quantity: 1, unitPriceCents: 123_456 }],
    });
    await createIssuedInvoice(t.db, tenant.id, fam.household.id, { issuedOn: '2026-12-05' });
    const page = await accountant.get(`${base}/gestion/factures/exports`);
    assert.equal(page.statusCode, 200);
    await accountant.get(`${base}/gestion/factures/${inv.id}`);
    assert.equal(
      (
        await accountant.post(`${base}/gestion/factures/${inv.id}/avoirs`, {
          mode: 'partiel',
          amount: '10,05',
          reason: '=HYPERLINK("x")',
          formToken: randomUUID(),
        })
      ).statusCode,
      303,
    );
    const res = await accountant.get(
      `${base}/gestion/factures/exports/comptabilite.csv?du=2026-11-01&au=2026-11-30`,
    );
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
    assert.match(String(res.headers['content-disposition']), /comptabilite-2026-11-01-2026-11-30\.csv/);
    const text = res.body;
    assert.ok(text.startsWith('\uFEFFType;Numéro;Date;Foyer;Payeur;Montant'));
    const lines = text.trim().split('\r\n');
    assert.equal(lines.length, 3, text);
    // Decimal commas make the shared CSV helper quote the amounts (valid CSV; spreadsheets read numbers).
    assert.equal(
      lines[1],
      `Facture;2026-000001;05/11/2026;${fam.household.name};Alex Famille;"1234,56";"10,05";"0,00";"1224,51";À payer;`,
    );
    assert.equal(
      lines[2],
      `Avoir;AV-2026-000001;25/11/2026;${fam.household.name};Alex Famille;"10,05";;;;Émis;2026-000001`,
    );
    const bad = await accountant.get(
      `${base}/gestion/factures/exports/comptabilite.csv?du=2026-12-01&au=2026-11-01`,
    );
    assert.equal(bad.statusCode, 400);
  });

  it('exports CAF hours per child and month by age band from the register', async () => {
    const cat = await createCatalogue(t.db, tenant.id);
    const [unit] = await t.db
      .insert(units)
      .values({
        tenantId: tenant.id,
        activityId: cat.activity.id,
        name: 'Journée',
        kind: 'day',
        startTime: '08:30',
        endTime: '17:30',
      })
      .returning();
    const small = await addChild(t.db, tenant.id, fam.household.id, {
      firstName: 'Léo',
      lastName: 'Petit',
      birthDate: '2022-03-01',
      sex: 'M',
    });
    const mark = (childId: string, day: string, state: 'present' | 'absent') => ({
      tenantId: tenant.id,
      childId,
      unitId: unit!.id,
      activityId: cat.activity.id,
      day,
      state,
      unbooked: true,
      updatedAt: new Date(),
    });
    await t.db
      .insert(attendanceMarks)
      .values([
        mark(small.id, '2026-10-07', 'present'),
        mark(small.id, '2026-10-14', 'present'),
        mark(fam.child.id, '2026-10-07', 'present'),
        mark(fam.child.id, '2026-10-14', 'absent'),
      ]);
    const res = await accountant.get(`${base}/gestion/factures/exports/caf.csv?debut=2026-10&fin=2026-10`);
    assert.equal(res.statusCode, 200);
    const lines = res.body.replace('\uFEFF', '').trim().split('\r\n');
    assert.deepEqual(lines, [
      'Mois;Enfant;Date de naissance;Tranche d’âge;Heures',
      '2026-10;Petit Léo;01/03/2022;Moins de 6 ans;"18,00"',
      `2026-10;${fam.child.lastName} Lou;04/05/2019;6 ans et plus;"9,00"`,
      '2026-10;Total (1 enfant);;Moins de 6 ans;"18,00"',
      '2026-10;Total (1 enfant);;6 ans et plus;"9,00"',
    ]);
    assert.equal(
      (await accountant.get(`${base}/gestion/factures/exports/caf.csv?debut=2026-01&fin=2027-06`)).statusCode,
      400,
    );
  });
});
