import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { requireTenant } from '../../platform/http/policies';
import { setFlash } from '../../platform/http/request-context';
import { checkNewPassword as passwordProblem } from '../accounts/accounts.service';
import { hashPassword } from '../accounts/passwords';
import { findAccountToken } from '../accounts/tokens';
import { fieldErrors, formBody, publicOrigin } from '../staff/forms';
import { requireSignupReviewer } from '../staff/staff.policy';
import type { Tenant } from '../tenants/tenants.schema';
import {
  canOpen,
  childSchema,
  type DraftData,
  firstIncompleteStep,
  isBlank,
  MAX_CHILDREN,
  type Step,
  ZGuardian,
  ZHousehold,
} from './domain/wizard';
import {
  type Draft,
  decideSignup,
  findSignupDraft,
  listPendingHouseholds,
  saveSignupStep,
  startSignupDraft,
  submitSignup,
  verifySignup,
} from './signup.service';
import {
  ChildrenStepPage,
  GuardiansStepPage,
  HouseholdStepPage,
  MessagePage,
  PendingQueuePage,
  ReviewStepPage,
  SignupIntroPage,
  VerifyPage,
} from './views/signup-views';

/** One draft cookie per tenant: signing up at two portals from one browser keeps both drafts. */
const cookieFor = (tenant: { slug: string }) => `signup_${tenant.slug.replace(/-/g, '_')}`;
const ZTokenParam = z.object({ token: z.string().min(10).max(200) });
const ZHouseholdParam = z.object({ householdId: z.uuid() });
const ZPassword = z
  .object({ password: z.string().max(1000), passwordConfirm: z.string().max(1000) })
  .superRefine((v, ctx) => {
    const problem = passwordProblem(v.password);
    if (problem) ctx.addIssue({ code: 'custom', path: ['password'], message: problem });
    else if (v.password !== v.passwordConfirm)
      ctx.addIssue({
        code: 'custom',
        path: ['passwordConfirm'],
        message: 'Les deux mots de passe ne sont pas identiques.',
      });
  });
const ZComment = z
  .string()
  .trim()
  .min(3, 'Indiquez le motif du refus : il est envoyé à la famille.')
  .max(1000, '1000 caractères au plus.');

/** Form values as strings, bounded: a re-rendered form never echoes megabytes. */
function strings(body: Record<string, unknown>, keys: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) out[k] = typeof body[k] === 'string' ? (body[k] as string).slice(0, 300) : '';
  return out;
}

/** Does any submitted value exceed its field's limit by far? Then the request is simply refused. */
function hasOversize(body: Record<string, unknown>): boolean {
  return Object.values(body).some((v) => (typeof v === 'string' ? v.length > 2000 : Array.isArray(v)));
}

/** Today in the tenant's time zone, as YYYY-MM-DD. */
function todayIn(timeZone: string, now: Date): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(now);
}

const GUARDIAN_KEYS = ['firstName', 'lastName', 'email', 'mobile'] as const;
const CHILD_KEYS = ['firstName', 'lastName', 'birthDate', 'sex', 'school', 'schoolClass'] as const;

/** The sign-up wizard (draft held server-side) and the staff queue of pending households. */
export async function signupRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;
  const now = () => app.deps.clock.now();
  const secure = Boolean(app.deps.config.PUBLIC_URL?.startsWith('https://'));
  const tenantUrl = (req: FastifyRequest) =>
    `${publicOrigin(app.deps.config.PUBLIC_URL, req.protocol, req.host)}${req.base}`;

  const signupTenant = (req: FastifyRequest): Tenant => {
    const tenant = requireTenant(req);
    if (!tenant.allowSignup) throw new AppError('NOT_FOUND');
    return tenant;
  };

  const draftOf = async (req: FastifyRequest, tenant: Tenant): Promise<Draft | null> => {
    const raw = req.cookies[cookieFor(tenant)];
    if (!raw) return null;
    const unsigned = req.unsignCookie(raw);
    if (!unsigned.valid || !unsigned.value) return null;
    return findSignupDraft(db, tenant.id, unsigned.value, now());
  };

  /** The draft of this browser, when the step may be opened; otherwise a redirect is sent. */
  const openStep = async (req: FastifyRequest, reply: FastifyReply, step: Step) => {
    const tenant = signupTenant(req);
    const draft = await draftOf(req, tenant);
    if (!draft) {
      reply.redirect(`${req.base}/inscription`, 303);
      return null;
    }
    if (!canOpen(step, draft.data)) {
      reply.redirect(`${req.base}/inscription/${firstIncompleteStep(draft.data)}`, 303);
      return null;
    }
    return { tenant, draft };
  };

  const next = (req: FastifyRequest, reply: FastifyReply, step: Step) =>
    reply.redirect(`${req.base}/inscription/${step}`, 303);

  app.get('/inscription', async (req, reply) => {
    const tenant = signupTenant(req);
    const draft = await draftOf(req, tenant);
    return reply.html(
      <SignupIntroPage
        ctx={pageContext(req, reply)}
        resumeStep={draft ? firstIncompleteStep(draft.data) : null}
      />,
    );
  });

  // Each start writes a row and each review sends an e-mail: both are limited per address.
  const limited = (max: number) => ({ config: { rateLimit: { max, timeWindow: '10 minutes' } } });

  app.post('/inscription', limited(30), async (req, reply) => {
    const tenant = signupTenant(req);
    const existing = await draftOf(req, tenant);
    if (!existing) {
      const token = await startSignupDraft(db, tenant.id, now());
      reply.setCookie(cookieFor(tenant), token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure,
        signed: true,
        maxAge: 7 * 24 * 3600,
      });
      return next(req, reply, 'foyer');
    }
    return next(req, reply, firstIncompleteStep(existing.data));
  });

  // Step 1: household.
  const householdValues = (d: DraftData) => ({
    addressLine: d.household?.addressLine ?? '',
    postalCode: d.household?.postalCode ?? '',
    city: d.household?.city ?? '',
    phone: d.household?.phone ?? '',
  });
  app.get('/inscription/foyer', async (req, reply) => {
    const open = await openStep(req, reply, 'foyer');
    if (!open) return reply;
    return reply.html(
      <HouseholdStepPage
        ctx={pageContext(req, reply)}
        values={householdValues(open.draft.data)}
        errors={{}}
      />,
    );
  });
  app.post('/inscription/foyer', async (req, reply) => {
    const open = await openStep(req, reply, 'foyer');
    if (!open) return reply;
    const body = formBody(req.body);
    const values = strings(body, ['addressLine', 'postalCode', 'city', 'phone']);
    const parsed = ZHousehold.safeParse(hasOversize(body) ? {} : body);
    if (!parsed.success)
      return reply
        .code(400)
        .html(
          <HouseholdStepPage
            ctx={pageContext(req, reply)}
            values={values}
            errors={fieldErrors(parsed.error)}
          />,
        );
    await saveSignupStep(db, open.draft, { household: parsed.data }, now());
    return next(req, reply, 'responsables');
  });

  // Step 2: one or two guardians.
  const guardianValues = (d: DraftData) => {
    const out: Record<string, string> = {};
    for (const i of [0, 1]) for (const k of GUARDIAN_KEYS) out[`g${i}_${k}`] = d.guardians?.[i]?.[k] ?? '';
    return out;
  };
  app.get('/inscription/responsables', async (req, reply) => {
    const open = await openStep(req, reply, 'responsables');
    if (!open) return reply;
    return reply.html(
      <GuardiansStepPage
        ctx={pageContext(req, reply)}
        values={guardianValues(open.draft.data)}
        errors={{}}
      />,
    );
  });
  app.post('/inscription/responsables', async (req, reply) => {
    const open = await openStep(req, reply, 'responsables');
    if (!open) return reply;
    const body = formBody(req.body);
    const values = strings(
      body,
      [0, 1].flatMap((i) => GUARDIAN_KEYS.map((k) => `g${i}_${k}`)),
    );
    const errors: Record<string, string> = {};
    const list: z.infer<typeof ZGuardian>[] = [];
    for (const i of [0, 1]) {
      const block = Object.fromEntries(GUARDIAN_KEYS.map((k) => [k, body[`g${i}_${k}`] ?? '']));
      if (i === 1 && isBlank(block)) continue;
      const parsed = ZGuardian.safeParse(hasOversize(block) ? {} : block);
      if (parsed.success) list.push(parsed.data);
      else for (const [k, m] of Object.entries(fieldErrors(parsed.error))) errors[`g${i}_${k}`] = m;
    }
    if (list.length === 2 && list[0]!.email === list[1]!.email && !errors.g1_email)
      errors.g1_email = 'Chaque responsable a sa propre adresse e-mail.';
    if (Object.keys(errors).length > 0)
      return reply
        .code(400)
        .html(<GuardiansStepPage ctx={pageContext(req, reply)} values={values} errors={errors} />);
    await saveSignupStep(db, open.draft, { guardians: list }, now());
    return next(req, reply, 'enfants');
  });

  // Step 3: one to six children; "add a child" saves what is valid and shows one more block.
  const childValues = (d: DraftData) => {
    const out: Record<string, string> = {};
    (d.children ?? []).forEach((c, i) => {
      for (const k of CHILD_KEYS) out[`c${i}_${k}`] = c[k] ?? '';
    });
    return out;
  };
  app.get('/inscription/enfants', async (req, reply) => {
    const open = await openStep(req, reply, 'enfants');
    if (!open) return reply;
    const n = Math.max(1, open.draft.data.children?.length ?? 0);
    return reply.html(
      <ChildrenStepPage
        ctx={pageContext(req, reply)}
        values={childValues(open.draft.data)}
        errors={{}}
        blocks={n}
        canAdd={n < MAX_CHILDREN}
      />,
    );
  });
  app.post('/inscription/enfants', async (req, reply) => {
    const open = await openStep(req, reply, 'enfants');
    if (!open) return reply;
    const body = formBody(req.body);
    const blocks = Math.min(MAX_CHILDREN, Math.max(1, Number.parseInt(String(body.blocks ?? '1'), 10) || 1));
    const schema = childSchema(todayIn(open.tenant.timeZone, now()));
    const errors: Record<string, string> = {};
    const list: z.infer<typeof schema>[] = [];
    for (let i = 0; i < blocks; i++) {
      const block = Object.fromEntries(CHILD_KEYS.map((k) => [k, body[`c${i}_${k}`] ?? '']));
      if (isBlank(block) && (i > 0 || blocks > 1)) continue;
      const parsed = schema.safeParse(hasOversize(block) ? {} : block);
      if (parsed.success) list.push(parsed.data);
      else for (const [k, m] of Object.entries(fieldErrors(parsed.error))) errors[`c${i}_${k}`] = m;
    }
    if (list.length === 0 && Object.keys(errors).length === 0)
      errors.c0_firstName = 'Indiquez au moins un enfant.';
    const adding = body.action === 'add';
    if (Object.keys(errors).length > 0) {
      const values = strings(
        body,
        Array.from({ length: blocks }, (_, i) => CHILD_KEYS.map((k) => `c${i}_${k}`)).flat(),
      );
      return reply
        .code(400)
        .html(
          <ChildrenStepPage
            ctx={pageContext(req, reply)}
            values={values}
            errors={errors}
            blocks={blocks}
            canAdd={blocks < MAX_CHILDREN}
          />,
        );
    }
    await saveSignupStep(db, open.draft, { children: list }, now());
    if (adding && list.length < MAX_CHILDREN) {
      const data = { ...open.draft.data, children: list };
      return reply.html(
        <ChildrenStepPage
          ctx={pageContext(req, reply)}
          values={childValues(data)}
          errors={{}}
          blocks={list.length + 1}
          canAdd={list.length + 1 < MAX_CHILDREN}
        />,
      );
    }
    return next(req, reply, 'recapitulatif');
  });

  // Step 4: review and password; sends the verification e-mail.
  app.get('/inscription/recapitulatif', async (req, reply) => {
    const open = await openStep(req, reply, 'recapitulatif');
    if (!open) return reply;
    return reply.html(<ReviewStepPage ctx={pageContext(req, reply)} data={open.draft.data} errors={{}} />);
  });
  app.post('/inscription/recapitulatif', limited(20), async (req, reply) => {
    const open = await openStep(req, reply, 'recapitulatif');
    if (!open) return reply;
    const body = formBody(req.body);
    const parsed = ZPassword.safeParse({
      password: body.password ?? '',
      passwordConfirm: body.passwordConfirm ?? '',
    });
    if (!parsed.success)
      return reply
        .code(400)
        .html(
          <ReviewStepPage
            ctx={pageContext(req, reply)}
            data={open.draft.data}
            errors={fieldErrors(parsed.error)}
          />,
        );
    const email = await submitSignup(db, {
      draft: open.draft,
      passwordHash: await hashPassword(parsed.data.password),
      tenant: open.tenant,
      now: now(),
      tenantUrl: tenantUrl(req),
    });
    return reply.html(
      <MessagePage
        ctx={pageContext(req, reply)}
        title="Vérifiez votre messagerie"
        lead={`Un e-mail vient d'être envoyé à ${email}. Ouvrez le lien qu'il contient (valable 48 heures) pour confirmer votre adresse.`}
        text="Pas reçu ? Vérifiez vos courriers indésirables ; vous pouvez renvoyer l'e-mail depuis l'étape précédente."
      />,
    );
  });

  // The e-mailed link: GET asks for confirmation (a link preview must not create anything), POST creates.
  const verification = async (req: FastifyRequest) => {
    const tenant = signupTenant(req);
    const p = ZTokenParam.safeParse(req.params);
    if (!p.success) throw new AppError('NOT_FOUND');
    const found = await findAccountToken(db, p.data.token, 'signup_verification', tenant.id, now());
    return { tenant, raw: p.data.token, found };
  };
  const expiredPage = (req: FastifyRequest, reply: FastifyReply) =>
    reply
      .code(410)
      .html(
        <MessagePage
          ctx={pageContext(req, reply)}
          title="Lien expiré"
          lead="Ce lien de confirmation a expiré (validité 48 heures)."
          text="Reprenez votre inscription depuis le même navigateur et renvoyez la demande pour recevoir un nouveau lien."
          link={{ href: `${req.base}/inscription`, label: 'Reprendre mon inscription' }}
        />,
      );

  app.get('/inscription/verification/:token', async (req, reply) => {
    const { raw, found } = await verification(req);
    if (found.state === 'expired') return expiredPage(req, reply);
    if (found.state !== 'valid') throw new AppError('NOT_FOUND');
    return reply.html(
      <VerifyPage
        ctx={pageContext(req, reply)}
        action={`${req.base}/inscription/verification/${encodeURIComponent(raw)}`}
        email={found.token.email}
      />,
    );
  });

  app.post('/inscription/verification/:token', async (req, reply) => {
    const { tenant, raw, found } = await verification(req);
    if (found.state === 'expired') return expiredPage(req, reply);
    if (found.state !== 'valid') throw new AppError('NOT_FOUND');
    const out = await verifySignup(db, { tenantId: tenant.id, rawToken: raw, now: now(), ip: req.ip });
    reply.clearCookie(cookieFor(tenant), { path: '/' });
    return reply.html(
      <MessagePage
        ctx={pageContext(req, reply)}
        title="Adresse confirmée"
        lead="Merci ! Votre demande d'inscription est transmise au service, qui va la vérifier."
        text={
          out.existingLogin
            ? 'Votre compte Maisonnée existant est rattaché à ce foyer. Vous recevrez un e-mail dès que le service aura validé votre inscription.'
            : 'Vous pouvez déjà vous connecter ; votre espace sera complet dès que le service aura validé votre inscription (vous recevrez un e-mail).'
        }
        link={{ href: `${req.base}/connexion`, label: 'Se connecter' }}
      />,
    );
  });

  // Staff queue.
  app.get('/gestion/comptes-en-attente', async (req, reply) => {
    const staff = requireSignupReviewer(req);
    const items = await listPendingHouseholds(db, staff.tenant.id);
    return reply.html(<PendingQueuePage ctx={pageContext(req, reply)} items={items} />);
  });

  const householdIdOf = (req: FastifyRequest) => {
    const p = ZHouseholdParam.safeParse(req.params);
    if (!p.success) throw new AppError('NOT_FOUND');
    return p.data.householdId;
  };
  const actorRef = (req: FastifyRequest) => ({
    userId: req.actor!.userId,
    displayName: req.actor!.displayName,
    ip: req.ip,
  });

  app.post('/gestion/comptes-en-attente/:householdId/accepter', async (req, reply) => {
    const staff = requireSignupReviewer(req);
    const householdId = householdIdOf(req);
    await decideSignup(db, {
      tenant: staff.tenant,
      householdId,
      decision: 'accept',
      comment: '',
      actor: actorRef(req),
      now: now(),
      tenantUrl: tenantUrl(req),
    });
    setFlash(reply, 'success', 'Inscription acceptée : la famille est prévenue par e-mail.');
    return reply.redirect(`${req.base}/gestion/comptes-en-attente`, 303);
  });

  app.post('/gestion/comptes-en-attente/:householdId/refuser', async (req, reply) => {
    const staff = requireSignupReviewer(req);
    const householdId = householdIdOf(req);
    const body = formBody(req.body);
    const parsed = ZComment.safeParse(typeof body.comment === 'string' ? body.comment : '');
    if (!parsed.success) {
      const items = await listPendingHouseholds(db, staff.tenant.id);
      if (!items.some((h) => h.id === householdId)) throw new AppError('NOT_FOUND');
      return reply.code(400).html(
        <PendingQueuePage
          ctx={pageContext(req, reply)}
          items={items}
          errors={{
            householdId,
            comment: String(body.comment ?? '').slice(0, 1000),
            message: parsed.error.issues[0]!.message,
          }}
        />,
      );
    }
    await decideSignup(db, {
      tenant: staff.tenant,
      householdId,
      decision: 'refuse',
      comment: parsed.data,
      actor: actorRef(req),
      now: now(),
      tenantUrl: tenantUrl(req),
    });
    setFlash(reply, 'success', 'Inscription refusée : la famille est prévenue par e-mail avec votre motif.');
    return reply.redirect(`${req.base}/gestion/comptes-en-attente`, 303);
  });
}
