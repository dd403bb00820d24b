import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { todayIn } from '../../platform/calendar/days';
import { AppError } from '../../platform/http/errors';
import { pageContext } from '../../platform/http/page';
import { setFlash } from '../../platform/http/request-context';
import { familyOf } from '../households/access';
import { idParam } from '../messaging/kit';
import { renderCreditNotePdf } from './credit-note-pdf';
import { type FamilyTab, familyInvoiceList, familyPayAction, setPaperless } from './family.service';
import { findCreditNote } from './invoices.repository';
import { invoicePdf, loadInvoiceView, sendPdf } from './invoices.service';
import { staffInvoiceRoutes } from './staff-invoices.routes';
import { familyTaxYears, taxCertificates, taxYearParam } from './tax-certificate.service';
import { renderTaxCertificatesPdf } from './tax-certificate-pdf';
import { FamilyInvoicePage, FamilyInvoicesPage } from './views/family-invoices';

/** Invoices after issue: the family pages here, the staff pages in staff-invoices.routes.tsx. */
export async function invoiceRoutes(app: FastifyInstance) {
  await app.register(familyInvoiceRoutes);
  await app.register(staffInvoiceRoutes);
}

async function familyInvoiceRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const now = () => app.deps.clock.now();

  async function listPage(req: FastifyRequest, reply: FastifyReply, err?: AppError) {
    const fam = familyOf(req);
    const q = (req.query ?? {}) as Record<string, unknown>;
    const tab: FamilyTab = q.onglet === 'payees' ? 'payees' : 'a-payer';
    const [data, taxYears] = await Promise.all([
      familyInvoiceList(db, fam, tab, now()),
      familyTaxYears(db, fam.tenant, fam.householdId, now()),
    ]);
    return reply
      .code(err ? err.status : 200)
      .html(
        <FamilyInvoicesPage
          ctx={pageContext(req, reply)}
          tab={tab}
          {...data}
          taxYears={taxYears}
          errors={err?.fields ?? {}}
        />,
      );
  }

  app.get('/factures', async (req, reply) => listPage(req, reply));

  app.post('/factures/dematerialisation', async (req, reply) => {
    const fam = familyOf(req);
    let paperless: boolean;
    try {
      paperless = await setPaperless(db, fam, req.body, now());
    } catch (err) {
      if (err instanceof AppError && err.code === 'VALIDATION') return listPage(req, reply, err);
      throw err;
    }
    setFlash(
      reply,
      'success',
      paperless
        ? 'C’est noté : vos prochaines factures vous seront envoyées par e-mail uniquement.'
        : 'C’est noté : vos prochaines factures vous seront envoyées par courrier.',
    );
    return reply.redirect(`${req.base}/factures`, 303);
  });

  app.get('/factures/attestation-fiscale/:year', async (req, reply) => {
    const fam = familyOf(req);
    const year = taxYearParam((req.params as { year?: string }).year, fam.tenant, now());
    const certs = await taxCertificates(db, fam.tenant, year, fam.householdId);
    if (certs.length === 0) throw new AppError('NOT_FOUND');
    const pdf = await renderTaxCertificatesPdf(certs, fam.tenant, todayIn(fam.tenant.timeZone, now()), now());
    return sendPdf(reply, pdf, `attestation-fiscale-${year}.pdf`);
  });

  app.get('/factures/:invoiceId', async (req, reply) => {
    const fam = familyOf(req);
    // Another household's (or tenant's) invoice is not found, never forbidden.
    const v = await loadInvoiceView(db, fam.tenant.id, idParam(req.params, 'invoiceId'), fam.householdId);
    return reply.html(
      <FamilyInvoicePage
        ctx={pageContext(req, reply)}
        v={v}
        today={todayIn(fam.tenant.timeZone, now())}
        payAction={familyPayAction()}
      />,
    );
  });

  app.get('/factures/:invoiceId/pdf', async (req, reply) => {
    const fam = familyOf(req);
    const v = await loadInvoiceView(db, fam.tenant.id, idParam(req.params, 'invoiceId'), fam.householdId);
    return sendPdf(reply, await invoicePdf(v, fam.tenant, now()), `facture-${v.invoice.number}.pdf`);
  });

  app.get('/factures/:invoiceId/avoirs/:creditNoteId/pdf', async (req, reply) => {
    const fam = familyOf(req);
    const v = await loadInvoiceView(db, fam.tenant.id, idParam(req.params, 'invoiceId'), fam.householdId);
    const cn = await findCreditNote(db, fam.tenant.id, v.invoice.id, idParam(req.params, 'creditNoteId'));
    if (!cn) throw new AppError('NOT_FOUND');
    const pdf = await renderCreditNotePdf(
      { creditNote: cn, invoice: v.invoice, primaryColor: fam.tenant.primaryColor },
      now(),
    );
    return sendPdf(reply, pdf, `avoir-${cn.number}.pdf`);
  });
}
