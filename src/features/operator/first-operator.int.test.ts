import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eq } from 'drizzle-orm';
import { useTestApp } from '../../../test/helpers/app';
import { createUser } from '../../../test/helpers/factories';
import { platformUsers } from '../accounts/accounts.schema';
import { verifyPassword } from '../accounts/passwords';
import { ensureOperatorFromEnvironment } from './first-operator';

const t = useTestApp();

describe('first operator from the environment', () => {
  it('does nothing without both variables', async () => {
    assert.equal(await ensureOperatorFromEnvironment(t.db, 'op@ville.test', undefined), 'not-configured');
    assert.equal((await t.db.select().from(platformUsers)).length, 0);
  });

  it('creates the operator once, with the password hashed, and leaves it alone afterwards', async () => {
    const pw = 'une longue phrase pour opérer';
    assert.equal(await ensureOperatorFromEnvironment(t.db, ' Op@Ville.test ', pw), 'created');
    const [u] = await t.db.select().from(platformUsers);
    assert.equal(u!.email, 'op@ville.test');
    assert.equal(u!.isOperator, true);
    assert.ok(await verifyPassword(u!.passwordHash!, pw));
    assert.equal(
      await ensureOperatorFromEnvironment(t.db, 'op@ville.test', 'une autre phrase assez longue'),
      'unchanged',
    );
    const [again] = await t.db.select().from(platformUsers);
    assert.ok(await verifyPassword(again!.passwordHash!, pw), 'the password is not replaced at restart');
  });

  it('promotes an existing login without touching its password', async () => {
    const user = await createUser(t.db, { email: 'agent@ville.test' });
    assert.equal(
      await ensureOperatorFromEnvironment(t.db, 'AGENT@ville.test', 'une phrase quelconque ici'),
      'promoted',
    );
    const [u] = await t.db.select().from(platformUsers).where(eq(platformUsers.id, user.id));
    assert.equal(u!.isOperator, true);
    assert.equal(u!.passwordHash, user.passwordHash);
  });

  it('refuses a weak password with a message naming the variable', async () => {
    await assert.rejects(
      ensureOperatorFromEnvironment(t.db, 'op@ville.test', 'azertyuiop'),
      /OPERATOR_PASSWORD/,
    );
  });
});
