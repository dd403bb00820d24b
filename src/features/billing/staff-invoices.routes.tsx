import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { addMonths, startOfMonth, todayIn } from '../../platform/calendar/days';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { setFlash } from '../../platform/http/request-context';
import { staffOf } from '../households/access';
import { isUuid } from '../households/households.repository';
import { formValues, idParam, writeAudit } from '../messaging/kit';
import { renderCreditNotePdf } from './credit-note-pdf';
import { issueCreditNote } from './credit-notes.service';
import { householdNames } from './exports.repository';
import { accountingExport, type CsvFile, cafExport } from './exports.service';
import { findCreditNote } from './invoices.repository';
import {
  INVOICE_READ_ROLES,
  INVOICE_WRITE_ROLES,
  invoicePdf,
  loadInvoiceView,
  sendPdf,
} from './invoices.service';
import { staffInvoiceList, staffInvoiceView } from './staff-invoices.service';
import { taxCertificates, taxYearParam } from './tax-certificate.service';
import { renderTaxCertificatesPdf } from './tax-certificate-pdf';
import { StaffInvoiceListPage, StaffInvoicePage } from './views/staff-invoices';
import { ExportsPage } from './views/staff-invoices-exports';
import { TaxCertificatesPage } from './views/tax-certificates';

const canWrite = (roles: readonly string[]) => roles.includes('admin') || roles.includes('accountant');

/** Staff invoice pages: list, detail, credit notes, tax certificates, CSV exports. */
export async function staffInvoiceRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const config = app.deps.config;
  const now = () => app.deps.clock.now();

  app.get('/gestion/factures', async (req, reply) => {
    const staff = staffOf(req, INVOICE_READ_ROLES);
    const r = await staffInvoiceList(db, staff, req.query, now());
    return reply.html(
      <StaffInvoiceListPage
        ctx={pageContext(req, reply)}
        rows={r.rows}
        filters={r.filters}
        page={r.page}
        hasNext={r.hasNext}
        today={r.today}
        canWrite={canWrite(staff.roles)}
      />,
    );
  });

  // ---- CSV exports (before /gestion/factures/:invoiceId so the static path wins).
  function sendCsv(reply: FastifyReply, f: CsvFile) {
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${f.filename}"`)
      .header('cache-control', 'no-store')
      .send(f.content);
  }

  app.get('/gestion/factures/exports', async (req, reply) => {
    const staff = staffOf(req, INVOICE_WRITE_ROLES);
    const today = todayIn(staff.tenant.timeZone, now());
    const lastMonth = addMonths(startOfMonth(today), -1);
    return reply.html(
      <ExportsPage
        ctx={pageContext(req, reply)}
        defaults={{
          du: `${today.slice(0, 4)}-01-01`,
          au: today,
          debut: lastMonth.slice(0, 7),
          fin: lastMonth.slice(0, 7),
        }}
      />,
    );
  });

  app.get('/gestion/factures/exports/comptabilite.csv', async (req, reply) => {
    const staff = staffOf(req, INVOICE_WRITE_ROLES);
    return sendCsv(reply, await accountingExport(db, staff, req.query, now()));
  });

  app.get('/gestion/factures/exports/caf.csv', async (req, reply) => {
    const staff = staffOf(req, INVOICE_WRITE_ROLES);
    return sendCsv(reply, await cafExport(db, staff, req.query, now()));
  });

  // ---- One invoice
  async function detailPage(req: FastifyRequest, reply: FastifyReply, err?: AppError) {
    const staff = staffOf(req, INVOICE_READ_ROLES);
    const d = await staffInvoiceView(db, staff, idParam(req.params, 'invoiceId'));
    const values = err ? formValues(req.body) : {};
    // A form sent back with errors keeps its token (a replay still finds a credit note made with it),
    // unless the error is about the token itself.
    const formToken =
      err && !err.fields.formToken && isUuid(values.formToken) ? values.formToken : randomUUID();
    return reply
      .code(err ? err.status : 200)
      .html(
        <StaffInvoicePage
          ctx={pageContext(req, reply)}
          v={d.v}
          householdName={d.householdName}
          balance={d.balance}
          today={todayIn(staff.tenant.timeZone, now())}
          canWrite={canWrite(staff.roles)}
          formToken={formToken}
          values={values}
          errors={err?.fields ?? {}}
        />,
      );
  }

  app.get('/gestion/factures/:invoiceId', async (req, reply) => detailPage(req, reply));

  app.get('/gestion/factures/:invoiceId/pdf', async (req, reply) => {
    const staff = staffOf(req, INVOICE_READ_ROLES);
    const v = await loadInvoiceView(db, staff.tenant.id, idParam(req.params, 'invoiceId'));
    return sendPdf(reply, await invoicePdf(v, staff.tenant, now()), `facture-${v.invoice.number}.pdf`);
  });

  app.post('/gestion/factures/:invoiceId/avoirs', async (req, reply) => {
    const staff = staffOf(req, INVOICE_WRITE_ROLES);
    const invoiceId = idParam(req.params, 'invoiceId');
    let r: Awaited<ReturnType<typeof issueCreditNote>>;
    try {
      r = await issueCreditNote(db, { staff, config, now: now(), invoiceId, input: req.body });
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') return detailPage(req, reply, err);
      throw err;
    }
    setFlash(
      reply,
      'success',
      r.replayed
        ? `Cet avoir a déjà été émis (n° ${r.creditNote.number}).`
        : `Avoir n° ${r.creditNote.number} émis ; la famille est prévenue par e-mail.`,
    );
    return reply.redirect(`${req.base}/gestion/factures/${invoiceId}`, 303);
  });

  app.get('/gestion/factures/:invoiceId/avoirs/:creditNoteId/pdf', async (req, reply) => {
    const staff = staffOf(req, INVOICE_READ_ROLES);
    const v = await loadInvoiceView(db, staff.tenant.id, idParam(req.params, 'invoiceId'));
    const cn = await findCreditNote(db, staff.tenant.id, v.invoice.id, idParam(req.params, 'creditNoteId'));
    if (!cn) throw new AppError('NOT_FOUND');
    const pdf = await renderCreditNotePdf(
      { creditNote: cn, invoice: v.invoice, primaryColor: staff.tenant.primaryColor },
      now(),
    );
    return sendPdf(reply, pdf, `avoir-${cn.number}.pdf`);
  });

  // ---- Tax certificates
  app.get('/gestion/attestations-fiscales', async (req, reply) => {
    const staff = staffOf(req, INVOICE_WRITE_ROLES);
    const current = Number(todayIn(staff.tenant.timeZone, now()).slice(0, 4));
    const q = (req.query ?? {}) as Record<string, unknown>;
    const year = q.annee === undefined ? current - 1 : taxYearParam(q.annee, staff.tenant, now());
    const certs = await taxCertificates(db, staff.tenant, year);
    const names = await householdNames(
      db,
      staff.tenant.id,
      certs.map((c) => c.householdId),
    );
    return reply.html(
      <TaxCertificatesPage
        ctx={pageContext(req, reply)}
        year={year}
        years={Array.from({ length: 5 }, (_, i) => current - i)}
        certificates={certs.map((c) => ({ ...c, householdName: names.get(c.householdId) ?? '—' }))}
      />,
    );
  });

  app.get('/gestion/attestations-fiscales/:year/pdf', async (req, reply) => {
    const staff = staffOf(req, INVOICE_WRITE_ROLES);
    const year = taxYearParam((req.params as { year?: string }).year, staff.tenant, now());
    const certs = await taxCertificates(db, staff.tenant, year);
    if (certs.length === 0) throw new AppError('NOT_FOUND');
    await writeAudit(db, {
      tenantId: staff.tenant.id,
      at: now(),
      actorUserId: staff.actor.userId,
      action: 'tax_certificates.generate',
      subjectType: 'tenant',
      subjectId: staff.tenant.id,
      details: { year, households: certs.length },
    });
    const pdf = await renderTaxCertificatesPdf(
      certs,
      staff.tenant,
      todayIn(staff.tenant.timeZone, now()),
      now(),
    );
    return sendPdf(reply, pdf, `attestations-fiscales-${year}.pdf`);
  });
}
