import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient, TestClient } from '../../../test/helpers/client';
import { createCatalogue, createStaff, createTenant, createUser } from '../../../test/helpers/factories';

const t = useTestApp();

const MARKUP = '<script>alert(1)</script>';
/** Field values people and attackers send: ordinary text, markup, unicode, very long strings. */
const value = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constant(MARKUP),
  fc.constant('"><img src=x onerror=alert(1)>'),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.string({ minLength: 300, maxLength: 3000 }),
  fc.constantFrom('75001', '2019-03-12', 'F', 'CE1', 'a@b.fr', '06 12 34 56 78'),
);

/**
 * Status is one of `allowed`, and no submitted markup appears as markup. Quoted attribute values are
 * removed first: inside `value="…"` a `<` is text (quotes themselves are escaped, checked below).
 */
function assertSafe(status: number, body: string, allowed: number[]) {
  assert.ok(allowed.includes(status), `unexpected status ${status}`);
  const outsideAttributes = body.replace(/="[^"]*"/g, '=""');
  assert.ok(!outsideAttributes.includes(MARKUP), 'markup echoed unescaped');
  assert.ok(!outsideAttributes.includes('<img src=x'), 'markup echoed unescaped');
  assert.ok(!body.includes('value=""><img'), 'attribute quote not escaped');
}

describe('forms under random input (fast-check)', () => {
  it('the sign-up steps never fail and never echo markup', async () => {
    await createTenant(t.db, { slug: 'ville-a' });
    await t.app.tenants.refresh();
    const c = new TestClient(t.app);
    await c.post('/ville-a/inscription');
    await fc.assert(
      fc.asyncProperty(
        fc.record({ addressLine: value, postalCode: value, city: value, phone: value }),
        async (form) => {
          const res = await c.post('/ville-a/inscription/foyer', form);
          assertSafe(res.statusCode, res.body, [303, 400]);
        },
      ),
      { numRuns: 1000 },
    );
    await c.post('/ville-a/inscription/foyer', {
      addressLine: '1 rue',
      postalCode: '75001',
      city: 'Paris',
      phone: '01 23 45 67 89',
    });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          g0_firstName: value,
          g0_lastName: value,
          g0_email: value,
          g0_mobile: value,
          g1_firstName: value,
        }),
        async (form) => {
          const res = await c.post('/ville-a/inscription/responsables', form);
          assertSafe(res.statusCode, res.body, [303, 400]);
        },
      ),
      { numRuns: 1000 },
    );
    await c.post('/ville-a/inscription/responsables', {
      g0_firstName: 'A',
      g0_lastName: 'B',
      g0_email: 'a@b.fr',
      g0_mobile: '06 12 34 56 78',
    });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          blocks: fc.oneof(value, fc.constantFrom('1', '2', '6', '-1', '99')),
          c0_firstName: value,
          c0_lastName: value,
          c0_birthDate: value,
          c0_sex: value,
          c0_schoolClass: value,
          c1_firstName: value,
          action: fc.constantFrom('next', 'add', MARKUP),
        }),
        async (form) => {
          const res = await c.post('/ville-a/inscription/enfants', form);
          assertSafe(res.statusCode, res.body, [200, 303, 400]);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('the invitation and operator forms never fail and never echo markup', async () => {
    const tenant = await createTenant(t.db, { slug: 'ville-a' });
    await t.app.tenants.refresh();
    const cat = await createCatalogue(t.db, tenant.id);
    const admin = await signedInClient(t, (await createStaff(t.db, tenant.id, ['admin'])).id, tenant.id);
    const role = fc.oneof(value, fc.constantFrom('admin', 'manager', 'director', 'animator', 'accountant'));
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          email: value,
          roles: fc.array(role, { maxLength: 4 }),
          facilityIds: fc.array(fc.oneof(value, fc.constant(cat.facility.id)), { maxLength: 3 }),
        }),
        async (form) => {
          const res = await admin.post('/ville-a/gestion/agents', form);
          assertSafe(res.statusCode, res.body, [303, 400]);
        },
      ),
      { numRuns: 1000 },
    );
    const operator = await signedInClient(t, (await createUser(t.db, { isOperator: true })).id, null);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          slug: value,
          name: value,
          legalName: value,
          siret: fc.oneof(value, fc.stringMatching(/^\d{14}$/)),
          contactEmail: value,
          schoolZone: fc.oneof(value, fc.constantFrom('A', 'B', 'C')),
          holidayRegion: fc.oneof(value, fc.constantFrom('metropole', 'monaco')),
        }),
        async (form) => {
          const res = await operator.post('/operateur/structures', form);
          assertSafe(res.statusCode, res.body, [303, 400]);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
