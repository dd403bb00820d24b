import { Badge, Csrf, ErrorSummary, Field } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { FamilyLayout, StaffLayout } from '../../../platform/views/nav';
import { formatDateTime } from '../../news/domain/time';
import type { ThreadCategory } from '../messaging.schema';
import { CATEGORY_LABEL } from '../messaging.service';
import { FileField, PlainText, Select, TextArea } from './fields';

export const ACCEPT_UPLOADS = '.pdf,.jpg,.jpeg,.png,.heic,application/pdf,image/jpeg,image/png,image/heic';
const FILE_HINT = 'Facultatif. PDF, JPEG, PNG ou HEIC, 10 Mo au plus.';

const categoryLabel = (c: string) => CATEGORY_LABEL[c as ThreadCategory] ?? c;

function StatusBadge({ status }: { status: string }) {
  return status === 'open' ? <Badge tone="info">Ouverte</Badge> : <Badge tone="neutral">Clôturée</Badge>;
}

function UnreadBadge({ n }: { n: number }) {
  if (n <= 0) return '';
  return (
    <Badge tone="warning">
      <span safe>{n === 1 ? '1 non lu' : `${n} non lus`}</span>
    </Badge>
  );
}

export interface FamilyThreadRow {
  id: string;
  subject: string;
  category: string;
  status: string;
  lastMessageAt: Date;
  childFirstName: string | null;
  unread: number;
}

export function FamilyThreadListPage({ ctx, rows }: { ctx: PageContext; rows: FamilyThreadRow[] }) {
  const tz = ctx.tenant!.timeZone;
  const unread = rows.reduce((s, r) => s + Number(r.unread), 0);
  return (
    <FamilyLayout
      ctx={ctx}
      title="Messages"
      section="/messages"
      crumbs={[{ label: 'Tableau de bord', href: `${ctx.base}/espace` }, { label: 'Messages' }]}
    >
      <h1>Messages</h1>
      <p class="lead" id="unread-total">
        {unread === 0 ? (
          'Aucun message non lu.'
        ) : (
          <span safe>{unread === 1 ? '1 message non lu.' : `${unread} messages non lus.`}</span>
        )}
      </p>
      <p class="actions">
        <a class="button" href={`${ctx.base}/messages/nouveau`}>
          Écrire au service
        </a>
      </p>
      {rows.length === 0 ? (
        <p class="empty">Vous n’avez encore échangé aucun message avec le service.</p>
      ) : (
        <ul class="item-list">
          {rows.map((r) => (
            <li class={Number(r.unread) > 0 ? 'item item-unread' : 'item'}>
              <div class="item-main">
                <a class="item-title" href={`${ctx.base}/messages/${r.id}`} safe>
                  {r.subject}
                </a>
                <UnreadBadge n={Number(r.unread)} />
                <StatusBadge status={r.status} />
              </div>
              <p class="meta">
                <span safe>{categoryLabel(r.category)}</span>
                {r.childFirstName ? <span safe>{` · ${r.childFirstName}`}</span> : ''}
                <span safe>{` · dernier message le ${formatDateTime(r.lastMessageAt, tz)}`}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </FamilyLayout>
  );
}

export function NewThreadPage(p: {
  ctx: PageContext;
  values: Record<string, string>;
  errors: Record<string, string>;
  children: { id: string; firstName: string; lastName: string }[];
}) {
  const { ctx, values, errors } = p;
  return (
    <FamilyLayout
      ctx={ctx}
      title="Écrire au service"
      section="/messages"
      crumbs={[
        { label: 'Tableau de bord', href: `${ctx.base}/espace` },
        { label: 'Messages', href: `${ctx.base}/messages` },
        { label: 'Écrire au service' },
      ]}
    >
      <h1>Écrire au service</h1>
      <ErrorSummary errors={errors} />
      <form
        method="post"
        action={`${ctx.base}/messages`}
        enctype="multipart/form-data"
        class="form"
        novalidate
      >
        <Csrf token={ctx.csrfToken} />
        <Field
          name="subject"
          label="Objet"
          value={values.subject}
          error={errors.subject}
          required
          maxlength={150}
        />
        <Select
          name="category"
          label="Catégorie"
          value={values.category}
          error={errors.category}
          required
          placeholder="Choisissez…"
          options={Object.entries(CATEGORY_LABEL).map(([value, label]) => ({ value, label }))}
        />
        <Select
          name="childId"
          label="Enfant concerné (facultatif)"
          value={values.childId}
          error={errors.childId}
          placeholder="Aucun en particulier"
          options={p.children.map((c) => ({ value: c.id, label: `${c.firstName} ${c.lastName}` }))}
        />
        <TextArea name="body" label="Message" value={values.body} error={errors.body} required rows={8} />
        <FileField
          name="file"
          label="Pièce jointe"
          hint={FILE_HINT}
          error={errors.file}
          accept={ACCEPT_UPLOADS}
        />
        <p class="actions">
          <button type="submit" class="button">
            Envoyer
          </button>
          <a class="button button-secondary" href={`${ctx.base}/messages`}>
            Annuler
          </a>
        </p>
      </form>
    </FamilyLayout>
  );
}

export interface ThreadMessage {
  id: string;
  authorSide: string;
  authorName: string | null;
  body: string;
  createdAt: Date;
  attachments: { id: string; name: string; kind: string; sizeBytes: number }[];
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} o`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} Ko`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} Mo`;
}

function Conversation(p: {
  ctx: PageContext;
  messages: ThreadMessage[];
  viewer: 'family' | 'staff';
  attachmentBase: string;
}) {
  const tz = p.ctx.tenant!.timeZone;
  return (
    <ol class="conversation">
      {p.messages.map((m) => {
        const mine = m.authorSide === p.viewer;
        const who =
          m.authorSide === 'staff'
            ? `Service${m.authorName && p.viewer === 'staff' ? ` (${m.authorName})` : ''}`
            : `Famille${m.authorName ? ` (${m.authorName})` : ''}`;
        return (
          <li class={mine ? 'message message-mine' : 'message'}>
            <article>
              <h3 class="message-head">
                <span safe>{mine ? `Vous · ${who}` : who}</span>
                <span class="meta" safe>{` · ${formatDateTime(m.createdAt, tz)}`}</span>
              </h3>
              <PlainText text={m.body} />
              {m.attachments.length > 0 ? (
                <ul class="attachments">
                  {m.attachments.map((a) => (
                    <li>
                      <a href={`${p.attachmentBase}/${a.id}`} download="">
                        <span safe>{a.name}</span>
                        <span
                          class="meta"
                          safe
                        >{` (${a.kind.toUpperCase()}, ${formatSize(a.sizeBytes)})`}</span>
                      </a>
                    </li>
                  ))}
                </ul>
              ) : (
                ''
              )}
            </article>
          </li>
        );
      })}
    </ol>
  );
}

function ReplyForm(p: {
  ctx: PageContext;
  action: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  return (
    <section class="card" aria-labelledby="reply-title">
      <h2 id="reply-title">Répondre</h2>
      <ErrorSummary errors={p.errors} />
      <form method="post" action={p.action} enctype="multipart/form-data" class="form" novalidate>
        <Csrf token={p.ctx.csrfToken} />
        <TextArea
          name="body"
          label="Votre réponse"
          value={p.values.body}
          error={p.errors.body}
          required
          rows={6}
        />
        <FileField
          name="file"
          label="Pièce jointe"
          hint={FILE_HINT}
          error={p.errors.file}
          accept={ACCEPT_UPLOADS}
        />
        <p class="actions">
          <button type="submit" class="button">
            Envoyer la réponse
          </button>
        </p>
      </form>
    </section>
  );
}

export interface ThreadView {
  id: string;
  subject: string;
  category: string;
  status: string;
  householdName: string;
  childFirstName: string | null;
  assignedToUserId: string | null;
  assignedName: string | null;
}

export function FamilyThreadPage(p: {
  ctx: PageContext;
  thread: ThreadView;
  messages: ThreadMessage[];
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { ctx, thread } = p;
  return (
    <FamilyLayout
      ctx={ctx}
      title={thread.subject}
      section="/messages"
      crumbs={[
        { label: 'Tableau de bord', href: `${ctx.base}/espace` },
        { label: 'Messages', href: `${ctx.base}/messages` },
        { label: thread.subject },
      ]}
    >
      <h1 safe>{thread.subject}</h1>
      <p class="meta">
        <StatusBadge status={thread.status} /> <span safe>{categoryLabel(thread.category)}</span>
        {thread.childFirstName ? <span safe>{` · ${thread.childFirstName}`}</span> : ''}
      </p>
      <h2 class="visually-hidden">Échanges</h2>
      <Conversation
        ctx={ctx}
        messages={p.messages}
        viewer="family"
        attachmentBase={`${ctx.base}/messages/${thread.id}/pieces`}
      />
      {thread.status === 'closed' ? (
        <p class="hint">Cette conversation est clôturée ; si vous répondez, elle sera rouverte.</p>
      ) : (
        ''
      )}
      <ReplyForm ctx={ctx} action={`${ctx.base}/messages/${thread.id}`} values={p.values} errors={p.errors} />
    </FamilyLayout>
  );
}

export interface StaffThreadRow {
  id: string;
  subject: string;
  category: string;
  status: string;
  lastMessageAt: Date;
  householdName: string;
  assignedName: string | null;
  unread: number;
}

export function StaffThreadListPage(p: {
  ctx: PageContext;
  rows: StaffThreadRow[];
  filter: { status: string; mine: boolean; unread: boolean };
}) {
  const { ctx, rows, filter } = p;
  const tz = ctx.tenant!.timeZone;
  return (
    <StaffLayout
      ctx={ctx}
      title="Messages des familles"
      section="/gestion/messages"
      crumbs={[{ label: 'Accueil gestion', href: `${ctx.base}/gestion` }, { label: 'Messages' }]}
    >
      <h1>Messages des familles</h1>
      <form
        method="get"
        action={`${ctx.base}/gestion/messages`}
        class="filters"
        aria-label="Filtrer les conversations"
      >
        <Select
          name="statut"
          label="État"
          value={filter.status}
          options={[
            { value: 'ouvertes', label: 'Ouvertes' },
            { value: 'closes', label: 'Clôturées' },
            { value: 'toutes', label: 'Toutes' },
          ]}
        />
        <div class="checkbox">
          <input type="checkbox" id="f-moi" name="moi" value="1" checked={filter.mine} />
          <label for="f-moi">Qui me sont attribuées</label>
        </div>
        <div class="checkbox">
          <input type="checkbox" id="f-nonlus" name="nonlus" value="1" checked={filter.unread} />
          <label for="f-nonlus">Avec des messages non lus</label>
        </div>
        <button type="submit" class="button button-secondary">
          Filtrer
        </button>
      </form>
      {rows.length === 0 ? (
        <p class="empty">Aucune conversation ne correspond.</p>
      ) : (
        <ul class="item-list">
          {rows.map((r) => (
            <li class={Number(r.unread) > 0 ? 'item item-unread' : 'item'}>
              <div class="item-main">
                <a class="item-title" href={`${ctx.base}/gestion/messages/${r.id}`} safe>
                  {r.subject}
                </a>
                <UnreadBadge n={Number(r.unread)} />
                <StatusBadge status={r.status} />
              </div>
              <p class="meta">
                <span safe>{`Foyer ${r.householdName} · ${categoryLabel(r.category)}`}</span>
                <span safe>{` · ${r.assignedName ? `attribuée à ${r.assignedName}` : 'non attribuée'}`}</span>
                <span safe>{` · ${formatDateTime(r.lastMessageAt, tz)}`}</span>
              </p>
            </li>
          ))}
        </ul>
      )}
    </StaffLayout>
  );
}

export function StaffThreadPage(p: {
  ctx: PageContext;
  thread: ThreadView;
  messages: ThreadMessage[];
  agents: { userId: string; name: string }[];
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { ctx, thread } = p;
  const base = `${ctx.base}/gestion/messages/${thread.id}`;
  return (
    <StaffLayout
      ctx={ctx}
      title={thread.subject}
      section="/gestion/messages"
      crumbs={[
        { label: 'Accueil gestion', href: `${ctx.base}/gestion` },
        { label: 'Messages', href: `${ctx.base}/gestion/messages` },
        { label: thread.subject },
      ]}
    >
      <h1 safe>{thread.subject}</h1>
      <p class="meta">
        <StatusBadge status={thread.status} />{' '}
        <span safe>{`Foyer ${thread.householdName} · ${categoryLabel(thread.category)}`}</span>
        {thread.childFirstName ? <span safe>{` · ${thread.childFirstName}`}</span> : ''}
      </p>
      <div class="thread-tools">
        <form method="post" action={`${base}/attribuer`} class="inline-tool">
          <Csrf token={ctx.csrfToken} />
          <Select
            name="assignee"
            label="Attribuée à"
            value={thread.assignedToUserId ?? ''}
            placeholder="Personne"
            options={p.agents.map((a) => ({ value: a.userId, label: a.name }))}
          />
          <button type="submit" class="button button-secondary">
            Attribuer
          </button>
        </form>
        <form method="post" action={`${base}/statut`} class="inline-tool">
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="status" value={thread.status === 'open' ? 'closed' : 'open'} />
          <button type="submit" class="button button-secondary">
            {thread.status === 'open' ? 'Clôturer la conversation' : 'Rouvrir la conversation'}
          </button>
        </form>
      </div>
      <h2 class="visually-hidden">Échanges</h2>
      <Conversation ctx={ctx} messages={p.messages} viewer="staff" attachmentBase={`${base}/pieces`} />
      <ReplyForm ctx={ctx} action={base} values={p.values} errors={p.errors} />
    </StaffLayout>
  );
}
