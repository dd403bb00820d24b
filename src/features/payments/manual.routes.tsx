import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { isIsoDay } from '../../platform/calendar/days';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { setFlash } from '../../platform/http/request-context';
import { findInvoice } from '../billing/invoices.repository';
import { contentDisposition } from '../documents/uploads';
import { staffOf } from '../households/access';
import { isUuid } from '../households/households.repository';
import { formValues, idParam } from '../messaging/kit';
import { parseDelays } from './domain/dunning';
import { findDunningDelays, saveDunningSettings } from './dunning.job';
import {
  allocationsOfPayment,
  findHouseholdName,
  findPayment,
  listPayments,
  PAGE_SIZE,
  payableInvoices,
  searchHouseholds,
} from './manual.repository';
import {
  cancelManualPayment,
  METHOD_LABEL,
  PAYMENT_READ_ROLES,
  PAYMENT_WRITE_ROLES,
  recordManualPayment,
  validation,
} from './manual.service';
import { PAYMENT_METHODS, PAYMENT_STATUSES } from './payments.schema';
import { renderReceiptPdf } from './receipt-pdf';
import { recordReturn } from './returns.service';
import {
  DunningSettingsPage,
  FindHouseholdPage,
  NewPaymentPage,
  PaymentDetailPage,
  PaymentsListPage,
} from './views/manual';

const str = (v: unknown, max = 100) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

/** Manual payments (cheque, cash, CESU, ANCV, transfer), receipts, cancellations, debit returns, reminders. */
export async function manualPaymentRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const config = app.deps.config;
  const now = () => app.deps.clock.now();

  app.get('/gestion/paiements', async (req, reply) => {
    const staff = staffOf(req, PAYMENT_READ_ROLES);
    const q = (req.query ?? {}) as Record<string, unknown>;
    const filter = {
      q: str(q.q),
      moyen: (PAYMENT_METHODS as readonly string[]).includes(str(q.moyen)) ? str(q.moyen) : '',
      etat: (PAYMENT_STATUSES as readonly string[]).includes(str(q.etat)) ? str(q.etat) : '',
      du: isIsoDay(str(q.du)) ? str(q.du) : '',
      au: isIsoDay(str(q.au)) ? str(q.au) : '',
    };
    const page = Math.min(10_000, Math.max(1, Number.parseInt(str(q.page, 6), 10) || 1));
    const { rows, total } = await listPayments(
      db,
      staff.tenant.id,
      staff.tenant.timeZone,
      { method: filter.moyen, status: filter.etat, from: filter.du, to: filter.au, q: filter.q },
      page,
    );
    return reply.html(
      <PaymentsListPage
        ctx={pageContext(req, reply)}
        rows={rows}
        total={total}
        page={page}
        pageSize={PAGE_SIZE}
        filter={filter}
        canWrite={staff.roles.some((r) => r === 'accountant' || r === 'admin')}
      />,
    );
  });

  async function newPage(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    err?: AppError,
  ) {
    const staff = staffOf(req, PAYMENT_WRITE_ROLES);
    const q = (req.query ?? {}) as Record<string, unknown>;
    let householdId = str(q.foyer, 40);
    const invoiceId = str(q.facture, 40);
    const v = { ...values };
    if (!householdId && invoiceId) {
      // From an invoice link: its household, the invoice pre-filled with what it owes.
      if (!isUuid(invoiceId)) throw new AppError('NOT_FOUND');
      const inv = await findInvoice(db, staff.tenant.id, invoiceId);
      if (!inv) throw new AppError('NOT_FOUND');
      householdId = inv.householdId;
    }
    if (!householdId) {
      const text = str(q.q);
      const results = text.length >= 2 ? await searchHouseholds(db, staff.tenant.id, text) : null;
      return reply.html(<FindHouseholdPage ctx={pageContext(req, reply)} q={text} results={results} />);
    }
    if (!isUuid(householdId)) throw new AppError('NOT_FOUND');
    const household = await findHouseholdName(db, staff.tenant.id, householdId);
    if (!household) throw new AppError('NOT_FOUND');
    const invoices = await payableInvoices(db, staff.tenant.id, householdId);
    if (!err && invoiceId) {
      const inv = invoices.find((i) => i.id === invoiceId);
      if (inv) {
        const due = inv.totalCents - inv.creditedCents - inv.settledCents;
        const euros = `${Math.floor(due / 100)},${String(due % 100).padStart(2, '0')}`;
        v.amount ??= euros;
        v[`alloc_${inv.id}`] ??= euros;
      }
    }
    const used = Boolean(err?.fields.formToken);
    const formToken = !used && isUuid(values.formToken) ? values.formToken : randomUUID();
    return reply
      .code(err ? err.status : 200)
      .html(
        <NewPaymentPage
          ctx={pageContext(req, reply)}
          household={household}
          invoices={invoices}
          formToken={formToken}
          values={v}
          errors={err?.fields ?? {}}
        />,
      );
  }

  app.get('/gestion/paiements/nouveau', async (req, reply) => newPage(req, reply, {}));

  app.post('/gestion/paiements/nouveau', async (req, reply) => {
    const staff = staffOf(req, PAYMENT_WRITE_ROLES);
    const householdId = str(((req.query ?? {}) as Record<string, unknown>).foyer, 40);
    if (!isUuid(householdId)) throw new AppError('NOT_FOUND');
    const fields = formValues(req.body);
    let result: { id: string; replayed: boolean };
    try {
      result = await recordManualPayment(db, { staff, now: now(), householdId, fields });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') return newPage(req, reply, fields, err);
      throw err;
    }
    setFlash(
      reply,
      'success',
      result.replayed ? 'Ce paiement était déjà enregistré.' : 'Paiement enregistré.',
    );
    return reply.redirect(`${req.base}/gestion/paiements/${result.id}`, 303);
  });

  async function dunningPage(
    req: FastifyRequest,
    reply: FastifyReply,
    values: Record<string, string>,
    err?: AppError,
  ) {
    const staff = staffOf(req, PAYMENT_WRITE_ROLES);
    const current = await findDunningDelays(db, staff.tenant.id);
    return reply
      .code(err ? err.status : 200)
      .html(
        <DunningSettingsPage
          ctx={pageContext(req, reply)}
          current={current}
          values={values}
          errors={err?.fields ?? {}}
        />,
      );
  }

  app.get('/gestion/paiements/relances', async (req, reply) => dunningPage(req, reply, {}));

  app.post('/gestion/paiements/relances', async (req, reply) => {
    const staff = staffOf(req, PAYMENT_WRITE_ROLES);
    const values = formValues(req.body);
    const raw = str(values.delays, 60);
    const delays = raw === '' ? [] : parseDelays(raw);
    if (delays === null)
      return dunningPage(
        req,
        reply,
        values,
        validation({
          delays: 'Indiquez 1 à 3 nombres de jours différents entre 1 et 365, séparés par des virgules.',
        }),
      );
    await saveDunningSettings(db, {
      tenantId: staff.tenant.id,
      actorUserId: staff.actor.userId,
      now: now(),
      delays,
    });
    setFlash(
      reply,
      'success',
      delays.length > 0 ? 'Délais de relance enregistrés.' : 'Relances désactivées.',
    );
    return reply.redirect(`${req.base}/gestion/paiements/relances`, 303);
  });

  async function detailPage(req: FastifyRequest, reply: FastifyReply, err?: AppError) {
    const staff = staffOf(req, PAYMENT_READ_ROLES);
    const row = await findPayment(db, staff.tenant.id, idParam(req.params, 'paymentId'));
    if (!row) throw new AppError('NOT_FOUND');
    const allocations = await allocationsOfPayment(db, staff.tenant.id, row.payment.id);
    return reply
      .code(err ? err.status : 200)
      .html(
        <PaymentDetailPage
          ctx={pageContext(req, reply)}
          row={row}
          allocations={allocations}
          canWrite={staff.roles.some((r) => r === 'accountant' || r === 'admin')}
          errors={err?.fields ?? {}}
          values={err ? formValues(req.body) : {}}
        />,
      );
  }

  app.get('/gestion/paiements/:paymentId', async (req, reply) => detailPage(req, reply));

  app.get('/gestion/paiements/:paymentId/recu', async (req, reply) => {
    const staff = staffOf(req, PAYMENT_READ_ROLES);
    const row = await findPayment(db, staff.tenant.id, idParam(req.params, 'paymentId'));
    if (!row || !row.payment.receiptNumber) throw new AppError('NOT_FOUND');
    const allocations = await allocationsOfPayment(db, staff.tenant.id, row.payment.id);
    const pdf = await renderReceiptPdf(
      {
        tenant: staff.tenant,
        timeZone: staff.tenant.timeZone,
        payment: row.payment,
        householdName: row.householdName,
        methodLabel: METHOD_LABEL,
        allocations,
      },
      row.payment.paidAt ?? row.payment.createdAt,
    );
    return reply
      .header('content-type', 'application/pdf')
      .header(
        'content-disposition',
        contentDisposition('attachment', `recu-${row.payment.receiptNumber}.pdf`),
      )
      .header('cache-control', 'private, no-store')
      .send(pdf);
  });

  app.post('/gestion/paiements/:paymentId/annuler', async (req, reply) => {
    const staff = staffOf(req, PAYMENT_WRITE_ROLES);
    const id = idParam(req.params, 'paymentId');
    try {
      await cancelManualPayment(db, { staff, config, now: now(), id, input: req.body });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') return detailPage(req, reply, err);
      throw err;
    }
    setFlash(
      reply,
      'success',
      'Paiement annulé : les factures sont de nouveau à payer ; la famille est prévenue.',
    );
    return reply.redirect(`${req.base}/gestion/paiements/${id}`, 303);
  });

  app.post('/gestion/paiements/:paymentId/rejet', async (req, reply) => {
    const staff = staffOf(req, PAYMENT_WRITE_ROLES);
    const id = idParam(req.params, 'paymentId');
    try {
      await recordReturn(db, { staff, config, now: now(), id, input: req.body });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') return detailPage(req, reply, err);
      throw err;
    }
    setFlash(
      reply,
      'success',
      'Rejet enregistré : la facture est de nouveau à payer ; la famille est prévenue.',
    );
    return reply.redirect(`${req.base}/gestion/paiements/${id}`, 303);
  });
}
