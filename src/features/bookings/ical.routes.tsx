/**
 * The household's secret iCalendar feed (ADR 0005): a random token shown once, stored hashed (like
 * sessions); creating a new one revokes the previous; a revoked or unknown token is 404. The feed has no
 * session: the token is the credential, so it is long (256 bits) and never logged (routes log patterns).
 */
import { randomBytes } from 'node:crypto';
import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { requireFamily, requireTenant } from '../../platform/http/policies';
import { setFlash } from '../../platform/http/request-context';
import { hashToken } from '../../platform/http/session';
import { Csrf } from '../../platform/views/components';
import type { PageContext } from '../../platform/views/context';
import { FamilyLayout } from '../../platform/views/nav';
import { activities, facilities, units } from '../catalogue/catalogue.schema';
import { children, households } from '../households/households.schema';
import { tenantUrl } from '../messaging/messaging.service';
import { writeAudit } from '../staff/audit';
import { confirmedBookingsOfHousehold } from './bookings.repository';
import { icalFeeds } from './bookings.schema';
import { addDays, dayInZone } from './domain/days';
import { ICAL_CONTENT_TYPE, icalFeed } from './domain/ical';

const FEED_FILE = /^([A-Za-z0-9_-]{43})\.ics$/;

function CalendarPage(p: { ctx: PageContext; active: { createdAt: Date } | null; url: string | null }) {
  const { ctx } = p;
  return (
    <FamilyLayout
      ctx={ctx}
      title="Calendrier des réservations"
      section="/reservations/calendrier"
      crumbs={[{ label: 'Accueil', href: `${ctx.base}/espace` }, { label: 'Calendrier des réservations' }]}
    >
      <h1>Calendrier des réservations</h1>
      <p>
        Abonnez le calendrier de votre téléphone ou de votre ordinateur à vos réservations confirmées : elles
        y apparaissent et se mettent à jour toutes seules.
      </p>
      {p.url ? (
        <section class="card bk-ical-url" aria-labelledby="ical-url-title">
          <h2 id="ical-url-title">Votre adresse d’abonnement</h2>
          <p>
            Copiez-la maintenant : pour votre sécurité, elle ne sera plus affichée. Toute personne qui la
            connaît peut voir vos réservations ; en cas de doute, révoquez-la.
          </p>
          <label for="ical-url">Adresse du calendrier</label>
          <input id="ical-url" type="text" readonly value={p.url} class="bk-copy" />
        </section>
      ) : p.active ? (
        <p class="hint" safe>
          {`Un abonnement est actif depuis le ${p.active.createdAt.toLocaleDateString('fr-FR', { timeZone: ctx.tenant?.timeZone ?? 'Europe/Paris' })}. Son adresse n’est plus affichable : créez-en une nouvelle si vous l’avez perdue (l’ancienne cessera de fonctionner).`}
        </p>
      ) : (
        <p class="hint">Aucun abonnement actif.</p>
      )}
      <form method="post" action={`${ctx.base}/reservations/calendrier`}>
        <Csrf token={ctx.csrfToken} />
        <button type="submit" class="button">
          {p.active || p.url ? 'Créer une nouvelle adresse' : 'Créer mon adresse d’abonnement'}
        </button>
      </form>
      {p.active || p.url ? (
        <form method="post" action={`${ctx.base}/reservations/calendrier/revoquer`}>
          <Csrf token={ctx.csrfToken} />
          <button type="submit" class="button button-danger">
            Révoquer l’adresse
          </button>
        </form>
      ) : (
        ''
      )}
    </FamilyLayout>
  );
}

export async function bookingIcalRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const clock = app.deps.clock;

  const activeFeed = async (tenantId: string, householdId: string) => {
    const [row] = await db
      .select()
      .from(icalFeeds)
      .where(
        and(
          eq(icalFeeds.tenantId, tenantId),
          eq(icalFeeds.householdId, householdId),
          isNull(icalFeeds.revokedAt),
        ),
      );
    return row ?? null;
  };

  const render = async (req: FastifyRequest, reply: FastifyReply, url: string | null) => {
    const { tenant, householdId } = requireFamily(req);
    const active = url ? null : await activeFeed(tenant.id, householdId);
    return reply
      .header('cache-control', 'no-store')
      .html(<CalendarPage ctx={pageContext(req, reply)} active={active} url={url} />);
  };

  app.get('/reservations/calendrier', (req, reply) => render(req, reply, null));

  app.post('/reservations/calendrier', async (req, reply) => {
    const { tenant, householdId, actor } = requireFamily(req);
    const token = randomBytes(32).toString('base64url');
    const now = clock.now();
    await db.transaction(async (tx) => {
      await tx
        .update(icalFeeds)
        .set({ revokedAt: now })
        .where(
          and(
            eq(icalFeeds.tenantId, tenant.id),
            eq(icalFeeds.householdId, householdId),
            isNull(icalFeeds.revokedAt),
          ),
        );
      await tx
        .insert(icalFeeds)
        .values({ tenantId: tenant.id, householdId, tokenHash: hashToken(token), createdAt: now });
      await writeAudit(tx, {
        tenantId: tenant.id,
        actorUserId: actor.userId,
        action: 'booking.ical-created',
        subjectType: 'household',
        subjectId: householdId,
        ip: req.ip,
        at: now,
      });
    });
    return render(req, reply, tenantUrl(app.deps.config, tenant, `/calendrier/${token}.ics`));
  });

  app.post('/reservations/calendrier/revoquer', async (req, reply) => {
    const { tenant, householdId, actor } = requireFamily(req);
    const now = clock.now();
    await db.transaction(async (tx) => {
      await tx
        .update(icalFeeds)
        .set({ revokedAt: now })
        .where(
          and(
            eq(icalFeeds.tenantId, tenant.id),
            eq(icalFeeds.householdId, householdId),
            isNull(icalFeeds.revokedAt),
          ),
        );
      await writeAudit(tx, {
        tenantId: tenant.id,
        actorUserId: actor.userId,
        action: 'booking.ical-revoked',
        subjectType: 'household',
        subjectId: householdId,
        ip: req.ip,
        at: now,
      });
    });
    setFlash(reply, 'success', 'L’adresse du calendrier est révoquée.');
    return reply.redirect(`${req.base}/reservations/calendrier`, 303);
  });

  // The feed itself: no session, the token is the credential.
  app.get<{ Params: { file: string } }>('/calendrier/:file', async (req, reply) => {
    const tenant = requireTenant(req);
    const m = FEED_FILE.exec(req.params.file);
    if (!m) throw new AppError('NOT_FOUND');
    const [feed] = await db
      .select()
      .from(icalFeeds)
      .where(
        and(
          eq(icalFeeds.tokenHash, hashToken(m[1]!)),
          eq(icalFeeds.tenantId, tenant.id),
          isNull(icalFeeds.revokedAt),
        ),
      );
    if (!feed) throw new AppError('NOT_FOUND');
    const now = clock.now();
    const from = addDays(dayInZone(now, tenant.timeZone), -60);
    const rows = await confirmedBookingsOfHousehold(db, tenant.id, feed.householdId, from);
    const childIds = [...new Set(rows.map((r) => r.childId))];
    const unitIds = [...new Set(rows.map((r) => r.unitId))];
    const [kids, unitRows, [household]] = await Promise.all([
      childIds.length === 0
        ? []
        : db
            .select({ id: children.id, firstName: children.firstName, lastName: children.lastName })
            .from(children)
            .where(inArray(children.id, childIds)),
      unitIds.length === 0
        ? []
        : db
            .select({
              id: units.id,
              name: units.name,
              startTime: units.startTime,
              endTime: units.endTime,
              activityName: activities.name,
              facilityName: facilities.name,
            })
            .from(units)
            .innerJoin(activities, eq(activities.id, units.activityId))
            .innerJoin(facilities, eq(facilities.id, activities.facilityId))
            .where(inArray(units.id, unitIds)),
      db.select({ name: households.name }).from(households).where(eq(households.id, feed.householdId)),
    ]);
    const body = icalFeed({
      name: `Réservations — ${household?.name ?? tenant.name}`,
      timeZone: tenant.timeZone,
      uidDomain: tenant.hostnames[0] ?? `${tenant.slug}.maisonnee`,
      now,
      bookings: rows.map((r) => {
        const k = kids.find((c) => c.id === r.childId);
        const u = unitRows.find((x) => x.id === r.unitId);
        return {
          id: r.id,
          childName: k ? `${k.firstName} ${k.lastName}` : '',
          activityName: u?.activityName ?? '',
          unitName: u?.name ?? '',
          day: r.day,
          ...(u ? { start: u.startTime, end: u.endTime, location: u.facilityName } : {}),
        };
      }),
    });
    return reply
      .header('content-type', ICAL_CONTENT_TYPE)
      .header('cache-control', 'private, max-age=300')
      .header('referrer-policy', 'no-referrer')
      .send(body);
  });
}
