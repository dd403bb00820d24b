import type { FastifyInstance } from 'fastify';
import { pageContext } from '../../platform/http/page';
import { familyOf } from '../households/access';
import { idParam } from '../messaging/kit';
import { isHistoryPeriod } from './domain/online';
import { householdHistory, receiptPdf } from './history.service';
import { HistoryPage } from './views/history';

/** The family's payments (online and others), filtered by week, month or year; receipts. */
export async function historyRoutes(app: FastifyInstance) {
  const { db } = app.deps.database;
  const now = () => app.deps.clock.now();

  app.get('/paiements', async (req, reply) => {
    const fam = familyOf(req);
    const q = (req.query ?? {}) as Record<string, unknown>;
    const period = isHistoryPeriod(q.periode) ? q.periode : 'tout';
    const { rows, range } = await householdHistory(db, fam, period, now());
    return reply.html(
      <HistoryPage ctx={pageContext(req, reply)} rows={rows} period={period} range={range} />,
    );
  });

  app.get('/paiements/:paymentId/recu', async (req, reply) => {
    const fam = familyOf(req);
    const { payment, pdf } = await receiptPdf(db, fam, idParam(req.params, 'paymentId'), now());
    return reply
      .type('application/pdf')
      .header('cache-control', 'no-store')
      .header('content-disposition', `attachment; filename="recu-${payment.receiptNumber}.pdf"`)
      .send(pdf);
  });
}
