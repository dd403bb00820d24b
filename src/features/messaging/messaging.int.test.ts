import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useTestApp } from '../../../test/helpers/app';
import { signedInClient } from '../../../test/helpers/client';
import { createFamily, createStaff, createTenant } from '../../../test/helpers/factories';
import { auditLog } from '../../platform/audit/audit.schema';
import { outboxEmails } from '../../platform/mail/mail.schema';
import { countOpenThreadsUnreadByStaff, unreadMessageCount } from './messaging.repository';
import { messageThreads, threadMessages } from './messaging.schema';

const t = useTestApp();

async function setup() {
  const tenant = await createTenant(t.db);
  const other = await createTenant(t.db);
  await t.app.tenants.refresh();
  const manager = await createStaff(t.db, tenant.id, ['manager']);
  const accountant = await createStaff(t.db, tenant.id, ['accountant']);
  const animator = await createStaff(t.db, tenant.id, ['animator']);
  const a = await createFamily(t.db, tenant.id);
  const b = await createFamily(t.db, tenant.id);
  const c = await createFamily(t.db, other.id);
  return { tenant, other, manager, accountant, animator, a, b, c };
}

describe('message threads', () => {
  it('a family writes, staff read and reply, unread counts move on both sides, e-mails carry no content', async () => {
    const s = await setup();
    const fam = await signedInClient(t, s.a.user.id, s.tenant.id);
    const base = `/${s.tenant.slug}`;
    await fam.get(`${base}/messages/nouveau`);
    const created = await fam.post(`${base}/messages`, {
      subject: 'Absence de Lou',
      category: 'absence',
      childId: s.a.child.id,
      body: 'Lou sera absente mardi. Secret médical.',
    });
    assert.equal(created.statusCode, 303);
    const [thread] = await t.db.select().from(messageThreads);
    assert.equal(thread!.householdId, s.a.household.id);
    assert.equal(await countOpenThreadsUnreadByStaff(t.db, s.tenant.id), 1);
    assert.equal(await unreadMessageCount(t.db, s.tenant.id, s.a.household.id), 0);
    let mails = await t.db.select().from(outboxEmails);
    assert.equal(mails.length, 1);
    assert.equal(mails[0]!.toAddress, s.tenant.contactEmail);
    assert.doesNotMatch(mails[0]!.textBody, /Secret|absente|Absence de Lou/);
    assert.match(mails[0]!.textBody, new RegExp(`/gestion/messages/${thread!.id}`));

    const m = await signedInClient(t, s.manager.id, s.tenant.id);
    const list = await m.get(`${base}/gestion/messages?nonlus=1`);
    assert.match(list.body, /1 non lu/);
    const page = await m.get(`${base}/gestion/messages/${thread!.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Secret médical/);
    assert.equal(await countOpenThreadsUnreadByStaff(t.db, s.tenant.id), 0);

    const reply = await m.post(`${base}/gestion/messages/${thread!.id}`, { body: 'Bien noté, merci.' });
    assert.equal(reply.statusCode, 303);
    assert.equal(await unreadMessageCount(t.db, s.tenant.id, s.a.household.id), 1);
    assert.equal(await countOpenThreadsUnreadByStaff(t.db, s.tenant.id), 0);
    mails = await t.db.select().from(outboxEmails);
    const toFamily = mails.find((x) => x.toAddress === s.a.user.email)!;
    assert.ok(toFamily);
    assert.doesNotMatch(toFamily.textBody, /Bien noté/);
    assert.match(toFamily.textBody, new RegExp(`/messages/${thread!.id}`));

    const famList = await fam.get(`${base}/messages`);
    assert.match(famList.body, /1 non lu/);
    await fam.get(`${base}/messages/${thread!.id}`);
    assert.equal(await unreadMessageCount(t.db, s.tenant.id, s.a.household.id), 0);
    assert.doesNotMatch((await fam.get(`${base}/messages`)).body, /1 non lu/);

    const audits = await t.db.select().from(auditLog);
    assert.deepEqual(
      audits.map((x) => x.action),
      ['message.reply'],
    );
  });

  it('another household or tenant never sees or writes in a thread (404, nothing written)', async () => {
    const s = await setup();
    const base = `/${s.tenant.slug}`;
    const fa = await signedInClient(t, s.a.user.id, s.tenant.id);
    await fa.post(`${base}/messages`, {
      subject: 'Facture de septembre',
      category: 'facturation',
      body: 'Question',
    });
    const [thread] = await t.db.select().from(messageThreads);
    const fb = await signedInClient(t, s.b.user.id, s.tenant.id);
    assert.equal((await fb.get(`${base}/messages/${thread!.id}`)).statusCode, 404);
    assert.equal((await fb.post(`${base}/messages/${thread!.id}`, { body: 'intrus' })).statusCode, 404);
    // (The family menu has a « Factures » entry: look for the subject itself.)
    assert.doesNotMatch((await fb.get(`${base}/messages`)).body, /Facture de septembre/);
    // Family B cannot attach family A's child to its own thread.
    const bad = await fb.post(`${base}/messages`, {
      subject: 'x',
      category: 'autre',
      childId: s.a.child.id,
      body: 'y',
    });
    assert.equal(bad.statusCode, 400);
    // Staff of another tenant, through their own tenant's address.
    const otherStaff = await createStaff(t.db, s.other.id, ['manager']);
    const os = await signedInClient(t, otherStaff.id, s.other.id);
    assert.equal((await os.get(`/${s.other.slug}/gestion/messages/${thread!.id}`)).statusCode, 404);
    assert.equal(
      (await os.post(`/${s.other.slug}/gestion/messages/${thread!.id}`, { body: 'intrus' })).statusCode,
      404,
    );
    // An animator has no access to messages.
    const an = await signedInClient(t, s.animator.id, s.tenant.id);
    assert.equal((await an.get(`${base}/gestion/messages/${thread!.id}`)).statusCode, 403);
    assert.equal((await t.db.select().from(threadMessages)).length, 1);
  });

  it('validates forms with messages next to fields', async () => {
    const s = await setup();
    const fa = await signedInClient(t, s.a.user.id, s.tenant.id);
    const res = await fa.post(`/${s.tenant.slug}/messages`, {
      subject: '<b>sujet</b>',
      category: 'inconnue',
      body: '',
    });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /Choisissez une catégorie/);
    assert.match(res.body, /Écrivez votre message/);
    assert.match(res.body, /value="<b>sujet<\/b>"/); // an attribute: quotes escaped, markup inert
    assert.equal((await t.db.select().from(messageThreads)).length, 0);
  });

  it('refuses a form without its CSRF token', async () => {
    const s = await setup();
    const fa = await signedInClient(t, s.a.user.id, s.tenant.id);
    const res = await fa.post(
      `/${s.tenant.slug}/messages`,
      { subject: 'x', category: 'autre', body: 'y' },
      { csrf: false },
    );
    assert.equal(res.statusCode, 403);
    assert.equal((await t.db.select().from(messageThreads)).length, 0);
  });

  it('staff assign, close and reopen (audited); a family reply reopens; filters work', async () => {
    const s = await setup();
    const base = `/${s.tenant.slug}`;
    const fa = await signedInClient(t, s.a.user.id, s.tenant.id);
    await fa.post(`${base}/messages`, {
      subject: 'Question sur le goûter',
      category: 'inscription',
      body: 'Bonjour',
    });
    const [thread] = await t.db.select().from(messageThreads);
    const m = await signedInClient(t, s.manager.id, s.tenant.id);
    await m.get(`${base}/gestion/messages`);
    assert.equal(
      (await m.post(`${base}/gestion/messages/${thread!.id}/attribuer`, { assignee: s.accountant.id }))
        .statusCode,
      303,
    );
    // An animator cannot be assigned (not a message handler); a family user neither.
    assert.equal(
      (await m.post(`${base}/gestion/messages/${thread!.id}/attribuer`, { assignee: s.animator.id }))
        .statusCode,
      400,
    );
    const acc = await signedInClient(t, s.accountant.id, s.tenant.id);
    assert.match((await acc.get(`${base}/gestion/messages?moi=1`)).body, /Question sur le goûter/);
    assert.doesNotMatch((await m.get(`${base}/gestion/messages?moi=1`)).body, /Question sur le goûter/);
    assert.equal(
      (await m.post(`${base}/gestion/messages/${thread!.id}/statut`, { status: 'closed' })).statusCode,
      303,
    );
    assert.doesNotMatch((await m.get(`${base}/gestion/messages`)).body, /Question sur le goûter/);
    assert.match((await m.get(`${base}/gestion/messages?statut=closes`)).body, /Question sur le goûter/);
    // The family answers: the thread opens again, and the assigned agent is e-mailed.
    await fa.get(`${base}/messages/${thread!.id}`);
    assert.equal((await fa.post(`${base}/messages/${thread!.id}`, { body: 'Et alors ?' })).statusCode, 303);
    const [after] = await t.db.select().from(messageThreads);
    assert.equal(after!.status, 'open');
    const mails = await t.db.select().from(outboxEmails);
    assert.ok(mails.some((x) => x.toAddress === s.accountant.email));
    const actions = (await t.db.select().from(auditLog)).map((x) => x.action).sort();
    assert.deepEqual(actions, ['message.assign', 'message.close']);
  });
});
