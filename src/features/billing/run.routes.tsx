import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addMonths, startOfMonth, todayIn } from '../../platform/calendar/days';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { setFlash } from '../../platform/http/request-context';
import { staffOf } from '../households/access';
import { formValues, idParam } from '../messaging/kit';
import {
  adjustmentsOf,
  findRun,
  linesOf,
  paperInvoicesOf,
  runHousehold,
  runHouseholdsPage,
  runsOfTenant,
} from './run.repository';
import { adjustLine, monthLabel, openRun, recomputeRun, startIssue } from './run.service';
import { combinedInvoicesPdf } from './run-print';
import { tariffRoutes } from './tariffs.routes';
import { BILLING_READERS, BILLING_WRITERS } from './tariffs.service';
import { PrintPage, RunHouseholdPage, RunIndexPage, RunPage, RunProgress } from './views/run';

export const RUN_PAGE_SIZE = 50;

/** Tariffs and the monthly run: preview, adjustments, issue with a progress bar, printing list. */
export async function billingRunRoutes(app: FastifyInstance) {
  await tariffRoutes(app);
  const { db } = app.deps.database;
  const now = () => app.deps.clock.now();
  const canWrite = (roles: readonly string[]) =>
    roles.some((r) => r === 'admin' || (BILLING_WRITERS as readonly string[]).includes(r));

  async function indexPage(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    err?: AppError,
  ) {
    const staff = staffOf(req, BILLING_READERS);
    const runs = await runsOfTenant(db, staff.tenant.id);
    const lastMonth = addMonths(startOfMonth(todayIn(staff.tenant.timeZone, now())), -1).slice(0, 7);
    return reply
      .code(err ? err.status : 200)
      .html(
        <RunIndexPage
          ctx={pageContext(req, reply)}
          runs={runs.map((r) => ({ ...r, label: monthLabel(r) }))}
          canWrite={canWrite(staff.roles)}
          defaultMonth={lastMonth}
          values={values}
          errors={err?.fields ?? {}}
        />,
      );
  }

  app.get('/gestion/facturation', async (req, reply) => indexPage(req, reply, {}));

  app.post('/gestion/facturation', async (req, reply) => {
    const staff = staffOf(req, BILLING_WRITERS);
    try {
      const run = await openRun(db, { staff, now: now(), input: req.body });
      return reply.redirect(`${req.base}/gestion/facturation/${run.id}`, 303);
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION')
        return indexPage(req, reply, formValues(req.body), err);
      throw err;
    }
  });

  async function loadRun(req: FastifyRequest) {
    const staff = staffOf(req, BILLING_READERS);
    const run = await findRun(db, staff.tenant.id, idParam(req.params, 'runId'));
    if (!run) throw new AppError('NOT_FOUND');
    return { staff, run };
  }

  app.get('/gestion/facturation/:runId', async (req, reply) => {
    const { staff, run } = await loadRun(req);
    const raw = Number((req.query as Record<string, unknown>)?.page);
    const page = Number.isInteger(raw) && raw >= 1 && raw <= 100_000 ? raw : 1;
    const summary = await runHouseholdsPage(db, staff.tenant.id, run.id, page, RUN_PAGE_SIZE);
    // Without JavaScript the page reloads itself while the run is issuing (htmx polls the bar otherwise).
    if (run.status === 'issuing') reply.header('refresh', '2');
    return reply.html(
      <RunPage
        ctx={pageContext(req, reply)}
        run={run}
        label={monthLabel(run)}
        summary={summary}
        page={page}
        pageSize={RUN_PAGE_SIZE}
        canWrite={canWrite(staff.roles)}
      />,
    );
  });

  app.get('/gestion/facturation/:runId/progression', async (req, reply) => {
    const { run } = await loadRun(req);
    return reply.html(<RunProgress ctx={pageContext(req, reply)} run={run} />);
  });

  app.post('/gestion/facturation/:runId/recalculer', async (req, reply) => {
    const staff = staffOf(req, BILLING_WRITERS);
    const res = await recomputeRun(db, { staff, now: now(), runId: idParam(req.params, 'runId') });
    setFlash(
      reply,
      'success',
      res.unpriced > 0
        ? `Aperçu recalculé. Attention : ${res.unpriced} jour(s) sans tarif ne sont pas facturés.`
        : 'Aperçu recalculé.',
    );
    return reply.redirect(`${req.base}/gestion/facturation/${idParam(req.params, 'runId')}`, 303);
  });

  app.post('/gestion/facturation/:runId/emettre', async (req, reply) => {
    const staff = staffOf(req, BILLING_WRITERS);
    const runId = idParam(req.params, 'runId');
    const r = await startIssue(db, { staff, now: now(), runId });
    setFlash(
      reply,
      r === 'started' ? 'success' : 'info',
      r === 'started'
        ? 'Émission lancée.'
        : 'Ce mois est déjà émis ou en cours d’émission : rien de plus à faire.',
    );
    return reply.redirect(`${req.base}/gestion/facturation/${runId}`, 303);
  });

  async function householdPage(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    err?: AppError,
  ) {
    const { staff, run } = await loadRun(req);
    const householdId = idParam(req.params, 'householdId');
    const row = await runHousehold(db, staff.tenant.id, run.id, householdId);
    if (!row) throw new AppError('NOT_FOUND');
    const [lines, adjustments] = await Promise.all([
      linesOf(db, staff.tenant.id, run.id, [householdId]),
      adjustmentsOf(db, staff.tenant.id, run.id, [householdId]),
    ]);
    return reply
      .code(err ? err.status : 200)
      .html(
        <RunHouseholdPage
          ctx={pageContext(req, reply)}
          run={run}
          label={monthLabel(run)}
          householdName={row.householdName}
          householdId={householdId}
          lines={lines}
          adjustments={adjustments}
          totalCents={row.totalCents}
          canWrite={canWrite(staff.roles)}
          values={values}
          errors={err?.fields ?? {}}
        />,
      );
  }

  app.get('/gestion/facturation/:runId/foyers/:householdId', async (req, reply) =>
    householdPage(req, reply, {}),
  );

  app.post('/gestion/facturation/:runId/foyers/:householdId/ajuster', async (req, reply) => {
    const staff = staffOf(req, BILLING_WRITERS);
    const runId = idParam(req.params, 'runId');
    const householdId = idParam(req.params, 'householdId');
    try {
      await adjustLine(db, { staff, now: now(), runId, householdId, input: req.body });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION')
        return householdPage(req, reply, formValues(req.body), err);
      throw err;
    }
    setFlash(reply, 'success', 'Ajustement enregistré.');
    return reply.redirect(`${req.base}/gestion/facturation/${runId}/foyers/${householdId}`, 303);
  });

  app.get('/gestion/facturation/:runId/impression', async (req, reply) => {
    const { staff, run } = await loadRun(req);
    const list = await paperInvoicesOf(db, staff.tenant.id, run.id);
    return reply.html(
      <PrintPage ctx={pageContext(req, reply)} run={run} label={monthLabel(run)} invoices={list} />,
    );
  });

  app.get('/gestion/facturation/:runId/impression.pdf', async (req, reply) => {
    const { staff, run } = await loadRun(req);
    const list = await paperInvoicesOf(db, staff.tenant.id, run.id);
    if (list.length === 0) throw new AppError('NOT_FOUND');
    const pdf = await combinedInvoicesPdf(db, staff.tenant.id, list, staff.tenant.primaryColor, now());
    return reply
      .type('application/pdf')
      .header(
        'content-disposition',
        `attachment; filename="factures-a-imprimer-${run.periodStart.slice(0, 7)}.pdf"`,
      )
      .send(pdf);
  });
}
