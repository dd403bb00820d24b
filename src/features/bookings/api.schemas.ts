/**
 * Zod schemas of the bookings JSON API: they validate requests (French messages per field) and, through
 * `z.toJSONSchema`, describe requests and answers in the OpenAPI document (openapi.ts).
 */
import { z } from 'zod';
import { CELL_STATES } from './domain/cell-state';
import { isIsoDay } from './domain/days';

const uuid = (what: string) => z.uuid({ error: `${what} invalide.` });
const isoDay = (what: string) =>
  z
    .string({ error: `${what} : date attendue (AAAA-MM-JJ).` })
    .refine(isIsoDay, { error: `${what} : date invalide (AAAA-MM-JJ).` })
    .meta({ format: 'date' });
const op = z.enum(['add', 'cancel'], { error: 'Opération attendue : add ou cancel.' });

export const planningQuery = z
  .object({
    enrollment: uuid('Inscription'),
    from: isoDay('Début'),
    to: isoDay('Fin'),
  })
  .refine((q) => q.from <= q.to, { error: 'La fin doit suivre le début.', path: ['to'] })
  .refine((q) => daysBetween(q.from, q.to) <= 92, {
    error: 'Au plus 93 jours par demande.',
    path: ['to'],
  });

function daysBetween(a: string, b: string): number {
  return (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;
}

/** One cell change: without `op` a tap (toggles), with `op` that change, `op: "none"` removes the line. */
export const lineChange = z.object({
  enrollment: uuid('Inscription'),
  day: isoDay('Jour'),
  unit: uuid('Unité'),
  op: z.enum(['add', 'cancel', 'none'], { error: 'Opération attendue : add, cancel ou none.' }).optional(),
});

export const lineChanges = z.union([
  lineChange,
  z.object({
    lines: z
      .array(lineChange, { error: 'Liste de changements attendue.' })
      .min(1, { error: 'Au moins un changement.' })
      .max(100, { error: 'Au plus 100 changements par appel.' }),
  }),
]);

export const bulkBody = z
  .object({
    enrollment: uuid('Inscription'),
    op,
    from: isoDay('Début'),
    to: isoDay('Fin'),
    units: z.array(uuid('Unité')).max(20).optional(),
    pattern: z
      .array(
        z.object({
          weekday: z.int({ error: 'Jour de semaine : 1 (lundi) à 7.' }).min(1).max(7),
          unit: uuid('Unité'),
        }),
      )
      .max(50)
      .optional(),
    skipFull: z.boolean({ error: 'skipFull : vrai ou faux.' }).optional(),
  })
  .refine((b) => b.from <= b.to, { error: 'La fin doit suivre le début.', path: ['to'] });

export const idempotencyKey = z
  .string({ error: 'En-tête Idempotency-Key obligatoire.' })
  .trim()
  .min(1, { error: 'En-tête Idempotency-Key obligatoire.' })
  .max(100, { error: 'Idempotency-Key : 100 caractères au plus.' })
  .regex(/^[\x21-\x7e]+$/, { error: 'Idempotency-Key : caractères ASCII visibles uniquement.' });

export const requestNumberParam = z.object({
  number: z.string().regex(/^R\d{4}-\d{6}$/, { error: 'Numéro de demande invalide (R2026-000123).' }),
});

// ---- answers (documentation only) ----

export const cellOut = z.object({
  childId: z.uuid(),
  day: z.string().meta({ format: 'date' }),
  unitId: z.uuid(),
  unitName: z.string(),
  state: z.enum(CELL_STATES),
  label: z.string().meta({ description: 'État en français' }),
  tap: z.object({
    kind: z.enum(['book', 'unbook', 'request', 'join-waiting-list', 'withdraw', 'none']),
    op: op.nullable(),
    label: z.string(),
  }),
  waitingRank: z.int().nullable(),
  deadline: z.string().meta({ format: 'date-time' }).nullable(),
  pending: op.nullable().meta({ description: 'Changement en attente dans le panier' }),
});

export const planningOut = z.object({
  enrollment: z.uuid(),
  childId: z.uuid(),
  activity: z.object({ id: z.uuid(), name: z.string() }),
  period: z.object({ id: z.uuid(), name: z.string(), firstDay: z.string(), lastDay: z.string() }),
  phase: z.object({ phase: z.string(), message: z.string().nullable() }),
  from: z.string(),
  to: z.string(),
  days: z.array(z.string()),
  units: z.array(z.object({ id: z.uuid(), name: z.string() })),
  cells: z.array(cellOut),
});

const basketLineOut = z.object({
  key: z.string().meta({ description: 'childId|day|unitId, pour DELETE /basket/lines/{key}' }),
  childId: z.uuid(),
  day: z.string(),
  unitId: z.uuid(),
  op,
});

const reviewLineOut = z.object({
  key: z.string(),
  day: z.string(),
  dayLabel: z.string(),
  unitId: z.uuid(),
  unitName: z.string(),
  op,
  deadline: z.string().meta({ format: 'date-time' }).nullable(),
  deadlineLabel: z.string().nullable(),
  late: z.boolean(),
  stale: z.boolean(),
});

export const basketOut = z.object({
  id: z.uuid().meta({ description: 'Identifiant du panier ouvert' }),
  lines: z.array(basketLineOut),
  review: z.object({
    additions: z.int(),
    cancellations: z.int(),
    children: z.array(
      z.object({
        childId: z.uuid(),
        name: z.string(),
        additions: z.array(reviewLineOut),
        cancellations: z.array(reviewLineOut),
      }),
    ),
  }),
});

const summaryOut = z.object({
  requestNumber: z.string(),
  counts: z.record(z.string(), z.int()),
  children: z.array(
    z.object({
      childId: z.uuid(),
      name: z.string(),
      lines: z.array(
        z.object({
          key: z.string(),
          day: z.string(),
          dayLabel: z.string(),
          unitName: z.string(),
          op,
          status: z.string(),
          label: z.string(),
        }),
      ),
    }),
  ),
});

export const confirmOut = z.object({
  requestNumber: z.string(),
  replay: z.boolean().meta({ description: 'Vrai quand la clé avait déjà servi : la première réponse' }),
  summary: summaryOut,
});

export const requestOut = z.object({
  requestNumber: z.string(),
  createdAt: z.string().meta({ format: 'date-time' }),
  status: z.enum(['processing', 'done']),
  summary: summaryOut.nullable(),
});

export const meOut = z.object({
  csrfToken: z.string().meta({ description: 'À renvoyer dans l’en-tête x-csrf-token des POST et DELETE' }),
  householdId: z.uuid(),
  enrollments: z.array(
    z.object({
      enrollment: z.uuid(),
      childId: z.uuid(),
      childName: z.string(),
      activity: z.object({ id: z.uuid(), name: z.string() }),
      period: z.object({ id: z.uuid(), name: z.string(), firstDay: z.string(), lastDay: z.string() }),
    }),
  ),
});

export const errorOut = z.object({
  error: z.object({
    status: z.int(),
    message: z.string(),
    fields: z.record(z.string(), z.string()).optional(),
  }),
  requestId: z.string(),
});

/** First French message per field (nested paths joined with '.'). */
export function apiFieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || 'body';
    out[key] ??= issue.message;
  }
  return out;
}
