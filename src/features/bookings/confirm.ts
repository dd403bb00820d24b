/**
 * Confirmation of a basket (ADR 0005): the request number is taken first (autocommit), then one
 * transaction inserts the submission row (the idempotency key; a replay gets the stored answer),
 * decides every line with the domain rules on the server clock, takes places with conditional UPDATEs
 * in the global processing order, writes the bookings, the answer, the audit row and the e-mail.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client';
import { AppError } from '../../platform/http/errors';
import { enqueueJob } from '../../platform/jobs/jobs';
import type { Tenant } from '../tenants/tenants.schema';
import { freePlace, nextRequestSeq, takePlace, waitingRanksOf } from './bookings.repository';
import { bookingSubmissions, bookings } from './bookings.schema';
import { admitConfirmation, CONFIRM_BUSY_MESSAGE } from './confirm-gate';
import { type BookingContext, loadBookingContext } from './context';
import { BASKET_MAX_LINES, type BasketLine, lineKey } from './domain/basket';
import { formatDayFr } from './domain/days';
import { formatRequestNumber, requestYear } from './domain/request-number';
import {
  type ExistingRow,
  type LineDecision,
  processingOrder,
  requirementFailure,
  validateBasket,
} from './domain/rules';
import { type FinalLine, finalLabel, type SummaryModel, settleLine, summarize } from './domain/summary';
import type { BookingStatus, UnitRef } from './domain/types';

export const PROMOTE_JOB = 'bookings.promote-waiting';

export interface ConfirmInput {
  db: Db;
  tenant: Tenant;
  householdId: string;
  /** The basket id (forms) or the API's Idempotency-Key. */
  idempotencyKey: string;
  /** The basket to mark as submitted, when the lines come from one. */
  basketId: string | null;
  lines: readonly BasketLine[];
  now: Date;
  actorUserId: string | null;
  /** Staff acting for the family: deadlines bypassed (not capacity), audited. */
  byStaff?: boolean;
  ip?: string | null;
}

export interface ConfirmResult {
  summary: SummaryModel;
  submissionId: string;
  /** True when the key had already been used: the first answer is returned unchanged. */
  replay: boolean;
}

/** The stored answer of an earlier confirmation with this key, for this household. */
export async function findSubmission(db: Db, tenantId: string, householdId: string, key: string) {
  const [row] = await db
    .select()
    .from(bookingSubmissions)
    .where(and(eq(bookingSubmissions.tenantId, tenantId), eq(bookingSubmissions.idempotencyKey, key)));
  if (!row) return null;
  // Another household's key is not theirs to read.
  if (row.householdId !== householdId) throw new AppError('NOT_FOUND');
  return row;
}

function pgCode(err: unknown): string | undefined {
  const e = err as { code?: string; cause?: { code?: string; constraint?: string } };
  return e.code ?? e.cause?.code;
}

const RETRIED = new Set(['40001', '40P01', '23505']);

/** A row changed between its read and its conditional update: retried like a serialization failure. */
class StaleRowError extends Error {
  readonly code = '40001';
  constructor() {
    super('booking row changed concurrently');
  }
}

export async function confirmBasket(input: ConfirmInput): Promise<ConfirmResult> {
  const { db, tenant, householdId, idempotencyKey, now } = input;
  const earlier = await findSubmission(db, tenant.id, householdId, idempotencyKey);
  if (earlier?.result) return { summary: earlier.result, submissionId: earlier.id, replay: true };
  if (input.lines.length === 0)
    throw new AppError('VALIDATION', 'Votre panier est vide.', { basket: 'Votre panier est vide.' });
  if (input.lines.length > BASKET_MAX_LINES)
    throw new AppError('VALIDATION', 'Trop de changements à la fois.', {
      basket: `Un panier compte au plus ${BASKET_MAX_LINES} changements.`,
    });

  // A replay was answered above without waiting; a new confirmation goes through the admission gate
  // (503 + Retry-After when too many are queued: the client retries with the same key).
  return admitConfirmation(async () => {
    const ctx = await loadBookingContext(db, {
      tenant,
      householdId,
      now,
      bypassDeadlines: input.byStaff ?? false,
    });
    const year = requestYear(now, tenant.timeZone);
    const requestNumber = formatRequestNumber({ year, seq: await nextRequestSeq(db, tenant.id, year) });

    for (let attempt = 1; ; attempt++) {
      try {
        return await db.transaction((tx) => confirmIn(tx, ctx, input, requestNumber));
      } catch (err) {
        // A statement cancelled by its timeout (a lock held too long on a hot cell by a saturated
        // machine): the transaction rolled back, nothing was written; 503 + Retry-After, not a 500, so
        // the client retries with the same key.
        if (pgCode(err) === '57014') throw new AppError('UNAVAILABLE', CONFIRM_BUSY_MESSAGE);
        // Deadlock, serialization failure or a cell booked concurrently by the other guardian: run again
        // with the same key; the second run sees the committed rows and decides accordingly.
        if (attempt >= 5 || !RETRIED.has(pgCode(err) ?? '')) throw err;
      }
    }
  });
}

async function confirmIn(
  tx: Db,
  ctx: BookingContext,
  input: ConfirmInput,
  requestNumber: string,
): Promise<ConfirmResult> {
  const { tenant, householdId, now } = input;
  const lines = input.lines;
  const childIds = [...new Set(lines.map((l) => l.childId))].filter((id) =>
    ctx.children.some((c) => c.id === id),
  );
  const days = lines.map((l) => l.day).sort();
  // The submission row (the idempotency key: a concurrent confirmation with the same key waits on its
  // index entry) and the children's live rows over the basket's days, in one statement.
  const opened = await tx.execute(sql`
    with sub as (
      insert into booking_submissions (tenant_id, idempotency_key, household_id, request_number, created_at, created_by)
      values (${tenant.id}, ${input.idempotencyKey}, ${householdId}, ${requestNumber}, ${now.toISOString()}::timestamptz,
              ${input.actorUserId})
      on conflict do nothing
      returning id
    )
    select (select id from sub) as id,
      ${
        childIds.length === 0
          ? sql`'[]'::json`
          : sql`(select coalesce(json_agg(json_build_object('id', b.id, 'childId', b.child_id, 'day', b.day,
                   'unitId', b.unit_id, 'groupKey', b.group_key, 'status', b.status)), '[]')
               from bookings b
              where b.tenant_id = ${tenant.id}
                and b.child_id in (${sql.join(
                  childIds.map((id) => sql`${id}::uuid`),
                  sql`, `,
                )})
                and b.day >= ${days[0]!}::date and b.day <= ${days[days.length - 1]!}::date
                and b.status <> 'cancelled')`
      } as stored`);
  const openedRow = (
    opened as unknown as {
      rows: {
        id: string | null;
        stored: {
          id: string;
          childId: string;
          day: string;
          unitId: string;
          groupKey: string;
          status: BookingStatus;
        }[];
      }[];
    }
  ).rows[0]!;
  if (!openedRow.id) {
    // A concurrent confirmation with this key committed while we waited on its index entry.
    const first = await findSubmission(tx, tenant.id, householdId, input.idempotencyKey);
    if (!first?.result) throw new AppError('CONFLICT', 'Cette confirmation est déjà en cours.');
    return { summary: first.result, submissionId: first.id, replay: true };
  }
  const sub = { id: openedRow.id };
  const stored = openedRow.stored;
  const existing: ExistingRow[] = stored.map((s) => ({ ...s, status: s.status as BookingStatus }));
  const liveRow = new Map<string, (typeof stored)[number]>();
  for (const s of stored) if (s.status !== 'refused') liveRow.set(lineKey(s), s);

  // Units of different activities never interact: decide per activity, with its own late policy.
  const allUnits: UnitRef[] = [];
  const byActivity = new Map<string, BasketLine[]>();
  for (const l of lines) {
    const a = ctx.unitById(l.unitId)?.activityId ?? '';
    byActivity.set(a, [...(byActivity.get(a) ?? []), l]);
  }
  const decisions: LineDecision[] = [];
  for (const [activityId, group] of byActivity) {
    const refs = activityId ? ctx.unitRefs(activityId) : [];
    allUnits.push(...refs);
    const unitIds = new Set(refs.map((u) => u.id));
    decisions.push(
      ...validateBasket({
        now,
        timeZone: tenant.timeZone,
        policy: ctx.policyOf(activityId),
        units: refs,
        lines: group,
        existing: existing.filter((e) => unitIds.has(e.unitId)),
        ruleOf: ctx.ruleOf,
      }),
    );
  }
  const wishKeys = new Set<string>();
  for (const d of decisions) {
    const scope = ctx.scopeOf(d.line.childId, d.line.day, d.line.unitId);
    if (!scope) continue;
    const phase = ctx.phaseOf(scope.period);
    if (d.outcome === 'refused' && d.code === 'closed' && phase.phase !== 'open' && phase.phase !== 'wishes')
      d.reason = phase.message;
    if (d.line.op !== 'add' || d.outcome === 'refused') continue;
    if (phase.phase === 'wishes') {
      d.outcome = 'request';
      d.reason = 'Vœu enregistré : les places seront attribuées à la clôture des demandes';
      wishKeys.add(d.key);
    } else if (d.outcome === 'accept' && scope.activity.bookingValidation === 'staff' && !input.byStaff) {
      d.outcome = 'request';
      d.reason = 'Soumis à la validation du service';
    }
  }

  const finals = new Map<string, FinalLine>();
  const inserts: (typeof bookings.$inferInsert)[] = [];
  const freed: { unitId: string; day: string; groupKey: string }[] = [];
  const waitingList = ctx.settings.waitingList;
  for (const d of processingOrder(decisions, allUnits)) {
    const { line } = d;
    const row = liveRow.get(d.key);
    const existingStatus = (row?.status as BookingStatus | undefined) ?? null;
    const scope = ctx.scopeOf(line.childId, line.day, line.unitId);
    if (line.op === 'add') {
      if (!scope) continue; // cannot happen: validateBasket refused it (no rule)
      const failure = requirementFailure(d, (k) => finals.get(k)?.status, allUnits);
      if (failure) {
        finals.set(d.key, { line, status: 'refused', waitingRank: null, reason: failure.reason });
        continue;
      }
      const groupKey = ctx.groupKeyOf(scope, line.unitId);
      let placeTaken = false;
      if (d.outcome === 'accept') {
        const capacity = ctx.capacityOf(scope, line.unitId, line.day);
        placeTaken =
          capacity === null ||
          (await takePlace(tx, tenant.id, { unitId: line.unitId, day: line.day, groupKey, capacity }));
      }
      const final = settleLine(d, { placeTaken, waitingList, existing: existingStatus });
      finals.set(d.key, final);
      const status =
        final.status === 'confirmed'
          ? 'confirmed'
          : final.status === 'waiting'
            ? 'waiting'
            : final.status === 'requested'
              ? 'requested'
              : null;
      if (status)
        inserts.push({
          tenantId: tenant.id,
          householdId,
          childId: line.childId,
          enrollmentId: scope.enrollmentId,
          activityId: scope.activity.id,
          periodId: scope.period.id,
          unitId: line.unitId,
          day: line.day,
          groupKey,
          status,
          kind: wishKeys.has(d.key) ? 'wish' : 'booking',
          requestedAt: now,
          submissionId: sub.id,
          reason: status === 'requested' ? d.reason : null,
          byStaff: input.byStaff ?? false,
          createdBy: input.actorUserId,
          updatedAt: now,
        });
    } else {
      const final = settleLine(d, { placeTaken: false, waitingList, existing: existingStatus });
      finals.set(d.key, final);
      if (!row) continue;
      const late = d.outcome === 'request';
      const next = final.status === 'cancel-requested' ? 'cancel-requested' : 'cancelled';
      // Only if the row is still as read: a concurrent cancellation (the other guardian) or promotion
      // (waiting → confirmed) changed it otherwise, and freeing a place on a stale status would give it
      // twice or lose it. The whole confirmation then runs again on the committed state.
      const changed = await tx
        .update(bookings)
        .set({
          status: next,
          submissionId: sub.id,
          reason: late ? d.reason : null,
          lateCancellation: late,
          updatedAt: now,
          ...(input.byStaff ? { decidedBy: input.actorUserId, decidedAt: now } : {}),
        })
        .where(
          and(eq(bookings.tenantId, tenant.id), eq(bookings.id, row.id), eq(bookings.status, row.status)),
        )
        .returning({ id: bookings.id });
      if (changed.length === 0) throw new StaleRowError();
      if (existingStatus === 'confirmed' && next === 'cancelled') {
        const cell = { unitId: line.unitId, day: line.day, groupKey: row.groupKey };
        if (await freePlace(tx, tenant.id, cell)) freed.push(cell);
      }
    }
  }
  for (const d of decisions)
    if (!finals.has(d.key))
      finals.set(d.key, settleLine(d, { placeTaken: false, waitingList, existing: null }));

  if (inserts.length > 0) {
    const written = await tx.insert(bookings).values(inserts).returning({
      id: bookings.id,
      childId: bookings.childId,
      day: bookings.day,
      unitId: bookings.unitId,
      groupKey: bookings.groupKey,
      status: bookings.status,
    });
    const waiting = written.filter((w) => w.status === 'waiting');
    const ranks = await waitingRanksOf(tx, tenant.id, waiting);
    for (const w of waiting) {
      const f = finals.get(lineKey(w));
      if (f) f.waitingRank = ranks.get(w.id) ?? null;
    }
  }
  for (const cell of freed) await enqueuePromotion(tx, tenant.id, cell);

  const summary = summarize({
    requestNumber,
    lines: [...finals.values()],
    children: ctx.children,
    units: allUnits,
  });
  // The answer, the basket marked submitted, the audit row and the e-mail to each address of the
  // household (outbox, sent after commit): one statement, in the booking's transaction.
  const audit = {
    action: input.byStaff ? 'booking.staff-confirm' : 'booking.confirm',
    details: { requestNumber, counts: summary.counts },
  };
  await tx.execute(sql`
    with answer as (
      update booking_submissions set result = ${JSON.stringify(summary)}::jsonb where id = ${sub.id}
    ), basket as (
      update booking_baskets set submitted_at = ${now.toISOString()}::timestamptz
       where tenant_id = ${tenant.id} and id = ${input.basketId} and household_id = ${householdId}
         and submitted_at is null
    ), audit as (
      insert into audit_log (tenant_id, actor_user_id, action, subject_type, subject_id, details, ip, at)
      values (${tenant.id}, ${input.actorUserId}, ${audit.action}, 'household', ${householdId},
              ${JSON.stringify(audit.details)}::jsonb, ${input.ip ?? null}, ${now.toISOString()}::timestamptz)
    ), addresses as (
      select distinct lower(trim(email)) as email from (
        select email from households where tenant_id = ${tenant.id} and id = ${householdId}
        union all
        select email from guardians where tenant_id = ${tenant.id} and household_id = ${householdId}
      ) a where email is not null and trim(email) <> ''
    )
    -- As enqueueEmail writes them: a fresh Message-ID, due at once (the epoch: before any clock).
    insert into outbox_emails (tenant_id, message_id, to_address, subject, text_body, html_body, next_attempt_at)
    select ${tenant.id}, '<' || gen_random_uuid() || '@maisonnee>', email,
           ${`Votre demande ${requestNumber} – réservations`}, ${summaryEmailText(tenant.name, summary)}, null,
           'epoch'::timestamptz
      from addresses`);
  return { summary, submissionId: sub.id, replay: false };
}

export function summaryEmailText(tenantName: string, s: SummaryModel): string {
  const out = [`Bonjour,`, '', `Voici le résultat de votre demande ${s.requestNumber} :`, ''];
  for (const c of s.children) {
    out.push(`${c.name}`);
    for (const l of c.lines)
      out.push(
        `  - ${l.dayLabel}, ${l.unitName} (${l.op === 'add' ? 'réservation' : 'annulation'}) : ${l.label}`,
      );
    out.push('');
  }
  out.push(`${tenantName}`);
  return out.join('\n');
}

/** A place freed on a cell: a job promotes the first waiting family (after this transaction commits). */
export async function enqueuePromotion(
  db: Db,
  tenantId: string,
  cell: { unitId: string; day: string; groupKey: string },
) {
  await enqueueJob(db, {
    tenantId,
    kind: PROMOTE_JOB,
    payload: { tenantId, ...cell },
  });
}

export { finalLabel, formatDayFr };
