import fastifyMultipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { detectFileType } from '../../platform/files/storage';
import { AppError } from '../../platform/http/errors';
import { fieldErrors } from '../../platform/http/forms';
import { pageContext } from '../../platform/http/page';
import { requireTenant } from '../../platform/http/policies';
import { setFlash } from '../../platform/http/request-context';
import { deriveKey } from '../../platform/secrets';
import { Layout } from '../../platform/views/layout';
import { readForm } from '../messaging/form-reader';
import { isValidSiret, normalizeSiret } from '../operator/domain/siret';
import { formBody } from '../staff/forms';
import { requireStaffAdmin } from '../staff/staff.policy';
import { isValidIcs, normalizeIcs } from './domain/ics';
import { colourProblem, isIanaTimeZone, isPhone } from './domain/settings-rules';
import { findTenantSettings } from './settings.repository';
import { A11Y_STATUSES, PAYFIP_MODES, PAYMENT_PROVIDERS } from './settings.schema';
import {
  replaceTenantLogo,
  type SettingsInput,
  settingsFormValues,
  updateTenantSettings,
} from './settings.service';
import { Paragraphs } from './views/public-pages';
import { type SettingsForm, SettingsPage } from './views/settings-page';

export const MAX_LOGO_BYTES = 1_048_576;

const optional = (schema: z.ZodType<string>) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? null : v), schema.nullable());

const ZSettings = z
  .object({
    name: z.string().trim().min(2, 'Indiquez le nom affiché.').max(120, '120 caractères au plus.'),
    legalName: z.string().trim().min(2, 'Indiquez la raison sociale.').max(200, '200 caractères au plus.'),
    siret: z
      .string()
      .max(20, 'Le SIRET compte 14 chiffres.')
      .refine((v) => isValidSiret(v), 'SIRET invalide : 14 chiffres avec une clé de contrôle correcte.')
      .transform((v) => normalizeSiret(v)!),
    address: z.string().trim().max(300, '300 caractères au plus.'),
    contactEmail: z
      .string()
      .trim()
      .max(254, 'Adresse trop longue (254 caractères au plus).')
      .pipe(z.email({ message: 'Adresse e-mail invalide (exemple : nom@domaine.fr).' })),
    contactPhone: z
      .string()
      .trim()
      .max(30, '30 caractères au plus.')
      .refine((v) => v === '' || isPhone(v), 'Numéro de téléphone invalide (exemple : 01 23 45 67 89).'),
    primaryColor: z
      .string()
      .trim()
      .transform((v) => v.toLowerCase())
      .superRefine((v, ctx) => {
        const problem = colourProblem(v);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    timeZone: z
      .string()
      .trim()
      .max(64)
      .refine(
        (v) => isIanaTimeZone(v),
        'Fuseau horaire inconnu : nom IANA attendu (exemple : Europe/Paris).',
      ),
    schoolZone: z.enum(['A', 'B', 'C'], { message: 'Choisissez la zone A, B ou C.' }),
    holidayRegion: z.enum(['metropole', 'alsace-moselle', 'monaco'], { message: 'Région inconnue.' }),
    rulesText: z.string().max(20_000, '20 000 caractères au plus.'),
    a11yStatus: z.enum(A11Y_STATUSES, { message: 'État de conformité inconnu.' }),
    a11yStatement: z.string().max(20_000, '20 000 caractères au plus.'),
    sepaCreditorId: optional(
      z
        .string()
        .max(20, 'L’ICS compte 13 caractères.')
        .transform(normalizeIcs)
        .refine(
          (v) => isValidIcs(v),
          'ICS invalide : 13 caractères FRkkZZZnnnnnn avec une clé de contrôle correcte.',
        ),
    ),
    invoicePrefix: z
      .string()
      .trim()
      .transform((v) => v.toUpperCase())
      .pipe(z.string().regex(/^[A-Z0-9-]{0,12}$/, '12 caractères au plus : majuscules, chiffres et tirets.')),
    paymentProvider: z.enum(PAYMENT_PROVIDERS, { message: 'Prestataire inconnu.' }),
    // Absent (older form, API client): test mode, the safe one.
    payfipMode: z.preprocess(
      (v) => (v === '' ? 'T' : v),
      z.enum(PAYFIP_MODES, { message: 'Mode PayFiP inconnu.' }),
    ),
    payfipNumcli: optional(
      z
        .string()
        .trim()
        .regex(/^\d{6}$/, 'Le numéro client PayFiP compte 6 chiffres.'),
    ),
    systempaySiteId: optional(
      z
        .string()
        .trim()
        .regex(/^\d{8}$/, 'L’identifiant de boutique Systempay compte 8 chiffres.'),
    ),
    systempayKey: z.string().max(200, '200 caractères au plus.'),
  })
  .superRefine((v, ctx) => {
    if (v.paymentProvider === 'payfip' && !v.payfipNumcli)
      ctx.addIssue({ code: 'custom', path: ['payfipNumcli'], message: 'Indiquez le numéro client PayFiP.' });
    if (v.paymentProvider === 'systempay' && !v.systempaySiteId)
      ctx.addIssue({
        code: 'custom',
        path: ['systempaySiteId'],
        message: 'Indiquez l’identifiant de la boutique Systempay.',
      });
  });

const FORM_KEYS = Object.keys(ZSettings.shape) as (keyof SettingsForm)[];

const actorRef = (req: FastifyRequest) => ({
  userId: req.actor!.userId,
  displayName: req.actor!.displayName,
  ip: req.ip,
});

/** Tenant settings (administrators), the tenant logo and the public rules page. */
export async function settingsRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;
  const storage = app.deps.storage;
  const now = () => app.deps.clock.now();
  const secretsKey = app.deps.secretsKey ?? deriveKey(app.deps.cookieSecret, 'tenant-settings');
  await app.register(fastifyMultipart, {
    limits: { fileSize: MAX_LOGO_BYTES, files: 1, fields: 5, fieldSize: 1000, parts: 6, headerPairs: 100 },
    throwFileSizeLimit: false,
  });

  const render = async (
    req: FastifyRequest,
    reply: FastifyReply,
    status: number,
    form: SettingsForm | null,
    errors: Record<string, string>,
    logoErrors: Record<string, string> = {},
  ) => {
    const tenant = requireTenant(req);
    const settings = await findTenantSettings(db, tenant.id);
    return reply
      .code(status)
      .html(
        <SettingsPage
          ctx={pageContext(req, reply)}
          form={form ?? settingsFormValues(tenant, settings)}
          errors={errors}
          logoErrors={logoErrors}
          systempayKeySetAt={settings?.systempayKeySetAt ?? null}
        />,
      );
  };

  app.get('/gestion/parametres', async (req, reply) => {
    requireStaffAdmin(req);
    return render(req, reply, 200, null, {});
  });

  app.post('/gestion/parametres', async (req, reply) => {
    const staff = requireStaffAdmin(req);
    const body = formBody(req.body);
    const raw = {} as Record<string, string>;
    for (const k of FORM_KEYS) raw[k] = typeof body[k] === 'string' ? (body[k] as string) : '';
    const parsed = ZSettings.safeParse(raw);
    // Never echo a typed secret back into the page.
    const echo = { ...(raw as unknown as SettingsForm), systempayKey: '' };
    if (!parsed.success) return render(req, reply, 400, echo, fieldErrors(parsed.error));
    const out = await updateTenantSettings(db, {
      tenantId: staff.tenant.id,
      values: parsed.data as SettingsInput,
      actor: actorRef(req),
      now: now(),
      secretsKey,
    });
    if (!out.ok) return render(req, reply, 400, echo, out.errors);
    await app.tenants.refresh();
    setFlash(
      reply,
      out.changed.length > 0 ? 'success' : 'info',
      out.changed.length > 0 ? 'Paramètres enregistrés.' : 'Aucun changement à enregistrer.',
    );
    return reply.redirect(`${req.base}/gestion/parametres`, 303);
  });

  /** Reads the logo part into memory (≤ 1 MB), checks its magic bytes, then stores it (encrypted). */
  const receiveLogo = async (part: MultipartFile): Promise<string> => {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of part.file as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size <= MAX_LOGO_BYTES) chunks.push(chunk);
    }
    const refuse = (message: string) => new AppError('VALIDATION', message, { file: message });
    if (part.file.truncated || size > MAX_LOGO_BYTES) throw refuse('Le logo dépasse 1 Mo.');
    if (size === 0) throw refuse('Le fichier est vide.');
    const bytes = Buffer.concat(chunks);
    const type = detectFileType(bytes);
    if (type !== 'image/png' && type !== 'image/jpeg')
      throw refuse('Ce fichier n’est pas accepté : le logo doit être une image PNG ou JPEG.');
    return (await storage.put(bytes, { maxBytes: MAX_LOGO_BYTES })).key;
  };

  app.post('/gestion/parametres/logo', { config: { csrf: false } }, async (req, reply) => {
    const staff = requireStaffAdmin(req);
    const form = await readForm<string>(app, req, reply, receiveLogo);
    if (form.fileError) return render(req, reply, 400, null, {}, form.fileError.fields);
    if (!form.file) return render(req, reply, 400, null, {}, { file: 'Choisissez une image PNG ou JPEG.' });
    let previous: string | null;
    try {
      ({ previous } = await replaceTenantLogo(db, {
        tenantId: staff.tenant.id,
        fileKey: form.file,
        actor: actorRef(req),
        now: now(),
      }));
    } catch (err) {
      await storage.delete(form.file);
      throw err;
    }
    if (previous) await storage.delete(previous).catch(() => {});
    await app.tenants.refresh();
    setFlash(reply, 'success', 'Logo enregistré.');
    return reply.redirect(`${req.base}/gestion/parametres`, 303);
  });

  app.post('/gestion/parametres/logo/supprimer', async (req, reply) => {
    const staff = requireStaffAdmin(req);
    if (!staff.tenant.logoFile) throw new AppError('NOT_FOUND');
    const { previous } = await replaceTenantLogo(db, {
      tenantId: staff.tenant.id,
      fileKey: null,
      actor: actorRef(req),
      now: now(),
    });
    if (previous) await storage.delete(previous).catch(() => {});
    await app.tenants.refresh();
    setFlash(reply, 'success', 'Logo retiré.');
    return reply.redirect(`${req.base}/gestion/parametres`, 303);
  });

  // Public: the layout shows it on every page. The URL carries a version (`?v=` the start of the file
  // key, which changes with every upload), so a versioned request may be cached for a year.
  app.get('/logo', async (req, reply) => {
    const tenant = requireTenant(req);
    if (!tenant.logoFile) throw new AppError('NOT_FOUND');
    const etag = `"${tenant.logoFile}"`;
    const v = (req.query as { v?: unknown }).v;
    reply
      .header('etag', etag)
      .header(
        'cache-control',
        v === tenant.logoFile.slice(0, 12) ? 'public, max-age=31536000, immutable' : 'public, max-age=300',
      );
    if (req.headers['if-none-match'] === etag) return reply.code(304).send();
    const bytes = await storage.get(tenant.logoFile);
    const type = detectFileType(bytes);
    if (type !== 'image/png' && type !== 'image/jpeg') throw new AppError('NOT_FOUND');
    return reply.type(type).header('x-content-type-options', 'nosniff').send(bytes);
  });

  app.get('/reglement', async (req, reply) => {
    const tenant = requireTenant(req);
    const settings = await findTenantSettings(db, tenant.id);
    const ctx = pageContext(req, reply);
    const text = settings?.rulesText.trim() ?? '';
    return reply.html(
      <Layout
        ctx={ctx}
        title="Règlement intérieur"
        crumbs={[{ label: 'Accueil', href: `${ctx.base}/` }, { label: 'Règlement intérieur' }]}
      >
        <h1>Règlement intérieur</h1>
        <div class="prose">
          {text ? <Paragraphs text={text} /> : <p>Le règlement n’est pas encore publié sur le portail.</p>}
        </div>
      </Layout>,
    );
  });
}
