import { and, asc, eq, gt, inArray } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { hashToken, newToken } from '../../platform/http/session';
import { enqueueEmail } from '../../platform/mail/outbox';
import { memberships, platformUsers } from '../accounts/accounts.schema';
import { consumeAccountToken, createAccountToken } from '../accounts/tokens';
import { childrenOfHouseholds, insertChildrenOfHousehold } from '../households/households.repository';
import { guardians, households } from '../households/households.schema';
import { writeAudit } from '../staff/audit';
import { findMembership, findUserByEmail } from '../staff/staff.repository';
import type { ActorRef } from '../staff/staff.service';
import { type DraftData, householdName } from './domain/wizard';
import { signupDrafts } from './signup.schema';

const DRAFT_LIFETIME_MS = 7 * 24 * 3_600_000;

export type Draft = typeof signupDrafts.$inferSelect & { data: DraftData };

/** Starts a draft; returns the raw token for the browser's cookie (only its hash is stored). */
export async function startSignupDraft(db: Db, tenantId: string, now: Date): Promise<string> {
  const token = newToken();
  await db.insert(signupDrafts).values({
    tenantId,
    tokenHash: hashToken(token),
    data: {},
    createdAt: now,
    updatedAt: now,
    expiresAt: new Date(now.getTime() + DRAFT_LIFETIME_MS),
  });
  return token;
}

export async function findSignupDraft(
  db: Db,
  tenantId: string,
  token: string,
  now: Date,
): Promise<Draft | null> {
  const [row] = await db
    .select()
    .from(signupDrafts)
    .where(
      and(
        eq(signupDrafts.tenantId, tenantId),
        eq(signupDrafts.tokenHash, hashToken(token)),
        gt(signupDrafts.expiresAt, now),
      ),
    );
  return row ? ({ ...row, data: (row.data ?? {}) as DraftData } as Draft) : null;
}

/** Saves one step's data (merged into the draft). */
export async function saveSignupStep(
  db: Db,
  draft: Draft,
  patch: Partial<DraftData>,
  now: Date,
): Promise<void> {
  await db
    .update(signupDrafts)
    .set({ data: { ...draft.data, ...patch }, updatedAt: now })
    .where(and(eq(signupDrafts.tenantId, draft.tenantId), eq(signupDrafts.id, draft.id)));
}

/** Final step: stores the chosen password's hash and e-mails the verification link to the first guardian. */
export async function submitSignup(
  db: Db,
  input: {
    draft: Draft;
    passwordHash: string;
    tenant: { id: string; name: string };
    now: Date;
    tenantUrl: string;
  },
): Promise<string> {
  const email = input.draft.data.guardians![0]!.email;
  await db.transaction(async (tx) => {
    await tx
      .update(signupDrafts)
      .set({ passwordHash: input.passwordHash, submittedAt: input.now, updatedAt: input.now })
      .where(and(eq(signupDrafts.tenantId, input.tenant.id), eq(signupDrafts.id, input.draft.id)));
    const token = await createAccountToken(tx, {
      tenantId: input.tenant.id,
      purpose: 'signup_verification',
      email,
      data: { draftId: input.draft.id },
      now: input.now,
    });
    await enqueueEmail(tx, {
      tenantId: input.tenant.id,
      to: email,
      subject: `Confirmez votre adresse e-mail · ${input.tenant.name}`,
      text: [
        'Bonjour,',
        '',
        `Pour terminer l'inscription de votre foyer sur le portail famille « ${input.tenant.name} », confirmez votre adresse e-mail en ouvrant ce lien (valable 48 heures) :`,
        `${input.tenantUrl}/inscription/verification/${token}`,
        '',
        'Votre demande sera ensuite examinée par le service, qui vous répondra par e-mail.',
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.",
      ].join('\n'),
    });
  });
  return email;
}

/**
 * Opening the e-mailed link: the token is consumed and the draft becomes a PENDING household with its
 * guardians, children, login and membership, in one transaction. A login that already exists for the
 * address keeps its password and gains the membership.
 */
export async function verifySignup(
  db: Db,
  input: { tenantId: string; rawToken: string; now: Date; ip: string | null },
): Promise<{ householdId: string; existingLogin: boolean }> {
  return db.transaction(async (tx) => {
    const token = await consumeAccountToken(
      tx,
      input.rawToken,
      'signup_verification',
      input.tenantId,
      input.now,
    );
    if (!token) throw new AppError('NOT_FOUND');
    const draftId = String((token.data as { draftId?: unknown }).draftId ?? '');
    const [row] = await tx
      .select()
      .from(signupDrafts)
      .where(and(eq(signupDrafts.tenantId, input.tenantId), eq(signupDrafts.id, draftId)));
    const data = (row?.data ?? {}) as DraftData;
    if (!row?.passwordHash || !data.household || !data.guardians?.length || !data.children?.length)
      throw new AppError('NOT_FOUND');
    const g1 = data.guardians[0]!;
    const existing = await findUserByEmail(tx, g1.email);
    if (existing && (await findMembership(tx, input.tenantId, existing.id)))
      throw new AppError(
        'CONFLICT',
        'Un compte existe déjà pour cette adresse sur ce portail : connectez-vous.',
      );
    const [hh] = await tx
      .insert(households)
      .values({
        tenantId: input.tenantId,
        name: householdName(data.guardians),
        addressLine: data.household.addressLine,
        postalCode: data.household.postalCode,
        city: data.household.city,
        phone: data.household.phone,
        email: g1.email,
        status: 'pending',
      })
      .returning({ id: households.id });
    const householdId = hh!.id;
    await tx.insert(guardians).values(
      data.guardians.map((g) => ({
        tenantId: input.tenantId,
        householdId,
        firstName: g.firstName,
        lastName: g.lastName,
        email: g.email,
        mobilePhone: g.mobile,
      })),
    );
    await insertChildrenOfHousehold(
      tx,
      input.tenantId,
      householdId,
      data.children.map((c) => ({
        firstName: c.firstName,
        lastName: c.lastName,
        birthDate: c.birthDate,
        sex: c.sex,
        school: c.school,
        schoolClass: c.schoolClass,
      })),
    );
    let userId = existing?.id;
    if (!userId) {
      const [u] = await tx
        .insert(platformUsers)
        .values({
          email: g1.email,
          displayName: `${g1.firstName} ${g1.lastName}`,
          passwordHash: row.passwordHash,
        })
        .returning({ id: platformUsers.id });
      userId = u!.id;
    } else if (!existing?.passwordHash) {
      await tx
        .update(platformUsers)
        .set({ passwordHash: row.passwordHash })
        .where(eq(platformUsers.id, userId));
    }
    await tx.insert(memberships).values({ tenantId: input.tenantId, userId, householdId });
    await tx.delete(signupDrafts).where(eq(signupDrafts.id, row.id));
    await writeAudit(tx, {
      tenantId: input.tenantId,
      actorUserId: userId,
      action: 'signup.verified',
      subjectType: 'household',
      subjectId: householdId,
      ip: input.ip,
      at: input.now,
    });
    return { householdId, existingLogin: Boolean(existing?.passwordHash) };
  });
}

export interface PendingHousehold {
  id: string;
  name: string;
  address: string;
  phone: string;
  createdAt: Date;
  guardians: { firstName: string; lastName: string; email: string; mobilePhone: string }[];
  children: { firstName: string; lastName: string; birthDate: string; schoolClass: string; school: string }[];
}

/** The staff queue: pending households, oldest first, with their guardians and children. */
export async function listPendingHouseholds(db: Db, tenantId: string): Promise<PendingHousehold[]> {
  const hh = await db
    .select()
    .from(households)
    .where(and(eq(households.tenantId, tenantId), eq(households.status, 'pending')))
    .orderBy(asc(households.createdAt), asc(households.name));
  if (hh.length === 0) return [];
  const ids = hh.map((h) => h.id);
  const [gs, cs] = await Promise.all([
    db
      .select()
      .from(guardians)
      .where(and(eq(guardians.tenantId, tenantId), inArray(guardians.householdId, ids))),
    childrenOfHouseholds(db, tenantId, ids),
  ]);
  return hh.map((h) => ({
    id: h.id,
    name: h.name,
    address: `${h.addressLine}, ${h.postalCode} ${h.city}`,
    phone: h.phone,
    createdAt: h.createdAt,
    guardians: gs.filter((g) => g.householdId === h.id),
    children: cs.filter((c) => c.householdId === h.id).map((c) => c.child),
  }));
}

/**
 * Accepts or refuses a pending household. The conditional update (status = 'pending') makes a double
 * click or two staff members at once decide only once; the loser gets 404.
 */
export async function decideSignup(
  db: Db,
  input: {
    tenant: { id: string; name: string };
    householdId: string;
    decision: 'accept' | 'refuse';
    comment: string;
    actor: ActorRef;
    now: Date;
    tenantUrl: string;
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    const [row] = await tx
      .update(households)
      .set({ status: input.decision === 'accept' ? 'active' : 'archived' })
      .where(
        and(
          eq(households.tenantId, input.tenant.id),
          eq(households.id, input.householdId),
          eq(households.status, 'pending'),
        ),
      )
      .returning({ id: households.id });
    if (!row) throw new AppError('NOT_FOUND');
    const logins = await tx
      .select({ email: platformUsers.email })
      .from(memberships)
      .innerJoin(platformUsers, eq(platformUsers.id, memberships.userId))
      .where(and(eq(memberships.tenantId, input.tenant.id), eq(memberships.householdId, input.householdId)));
    for (const l of logins) {
      await enqueueEmail(tx, {
        tenantId: input.tenant.id,
        to: l.email,
        subject:
          input.decision === 'accept'
            ? `Votre inscription est validée · ${input.tenant.name}`
            : `Votre inscription n'a pas été acceptée · ${input.tenant.name}`,
        text:
          input.decision === 'accept'
            ? [
                'Bonjour,',
                '',
                `Le service a validé l'inscription de votre foyer sur le portail famille « ${input.tenant.name} ».`,
                `Vous pouvez vous connecter : ${input.tenantUrl}/connexion`,
              ].join('\n')
            : [
                'Bonjour,',
                '',
                `Le service n'a pas pu valider l'inscription de votre foyer sur le portail famille « ${input.tenant.name} ».`,
                '',
                'Motif indiqué par le service :',
                input.comment,
                '',
                "N'hésitez pas à contacter le service pour toute question.",
              ].join('\n'),
      });
    }
    await writeAudit(tx, {
      tenantId: input.tenant.id,
      actorUserId: input.actor.userId,
      action: input.decision === 'accept' ? 'signup.accept' : 'signup.refuse',
      subjectType: 'household',
      subjectId: input.householdId,
      details: input.decision === 'refuse' ? { comment: input.comment } : {},
      ip: input.actor.ip,
      at: input.now,
    });
  });
}
