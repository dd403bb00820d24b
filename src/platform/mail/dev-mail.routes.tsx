import { desc, eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { notFound } from '../http/errors';
import { pageContext } from '../http/page';
import { Badge, DataTable } from '../views/components';
import { Layout } from '../views/layout';
import { outboxEmails } from './mail.schema';

const ZId = z.object({ id: z.uuid() });

/** Development mailbox: every message of the outbox, readable in the browser. Never in production. */
export async function devMailRoutes(app: FastifyInstance) {
  const db = app.deps.database.db;
  app.get('/_dev/mail', async (req, reply) => {
    const rows = await db.select().from(outboxEmails).orderBy(desc(outboxEmails.createdAt)).limit(100);
    const ctx = pageContext(req, reply);
    return reply.html(
      <Layout ctx={ctx} title="Boîte de test">
        <h1>Boîte de test (développement)</h1>
        <p class="lead">Les 100 derniers courriels écrits dans la file d’envoi.</p>
        <DataTable
          caption="Courriels"
          empty="Aucun courriel pour l’instant."
          rows={rows}
          columns={[
            {
              header: 'Date',
              cell: (m) => (
                <span safe>{m.createdAt.toLocaleString('fr-FR', { timeZone: 'Europe/Paris' })}</span>
              ),
            },
            { header: 'Destinataire', cell: (m) => <span safe>{m.toAddress}</span> },
            {
              header: 'Objet',
              cell: (m) => (
                <a href={`/_dev/mail/${m.id}`} safe>
                  {m.subject}
                </a>
              ),
            },
            {
              header: 'État',
              cell: (m) => (
                <Badge tone={m.status === 'sent' ? 'success' : m.status === 'failed' ? 'danger' : 'info'}>
                  {m.status === 'sent' ? 'Envoyé' : m.status === 'failed' ? 'Échec' : 'En attente'}
                </Badge>
              ),
            },
          ]}
        />
      </Layout>,
    );
  });
  app.get('/_dev/mail/:id', async (req, reply) => {
    const parsed = ZId.safeParse(req.params);
    if (!parsed.success) throw notFound();
    const [m] = await db.select().from(outboxEmails).where(eq(outboxEmails.id, parsed.data.id));
    if (!m) throw notFound();
    const ctx = pageContext(req, reply);
    return reply.html(
      <Layout
        ctx={ctx}
        title={m.subject}
        crumbs={[{ label: 'Boîte de test', href: '/_dev/mail' }, { label: m.subject }]}
      >
        <h1 safe>{m.subject}</h1>
        <p>
          À : <span safe>{m.toAddress}</span>
        </p>
        <pre class="mail-body" safe>
          {m.textBody}
        </pre>
      </Layout>,
    );
  });
}
