import { Badge, Csrf, ErrorSummary, Field } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { FamilyLayout, StaffLayout } from '../../../platform/views/nav';
import { DateTimeField, PlainText, Select, TextArea } from '../../messaging/views/fields';
import { formatDateTime } from '../domain/time';
import { type NewsState, newsState } from '../domain/visibility';

const STATE_LABEL: Record<NewsState, { text: string; tone: 'info' | 'success' | 'neutral' }> = {
  scheduled: { text: 'Programmée', tone: 'info' },
  published: { text: 'En ligne', tone: 'success' },
  ended: { text: 'Terminée', tone: 'neutral' },
};

export interface NewsItem {
  id: string;
  title: string;
  body: string;
  publishAt: Date;
  facilityName: string | null;
}

/** One news item as families read it. */
export function NewsArticle({ item, ctx, level = 2 }: { item: NewsItem; ctx: PageContext; level?: 2 | 3 }) {
  const tz = ctx.tenant!.timeZone;
  return (
    <article class="card news-item">
      {level === 2 ? <h2 safe>{item.title}</h2> : <h3 safe>{item.title}</h3>}
      <p class="meta">
        <span safe>{`Publiée le ${formatDateTime(item.publishAt, tz)}`}</span>
        {item.facilityName ? <span safe>{` · ${item.facilityName}`}</span> : ''}
      </p>
      <PlainText text={item.body} />
    </article>
  );
}

export function FamilyNewsPage({ ctx, items }: { ctx: PageContext; items: NewsItem[] }) {
  return (
    <FamilyLayout
      ctx={ctx}
      title="Actualités"
      section="/actualites"
      crumbs={[{ label: 'Tableau de bord', href: `${ctx.base}/espace` }, { label: 'Actualités' }]}
    >
      <h1>Actualités</h1>
      {items.length === 0 ? (
        <p class="empty">Aucune actualité en ce moment.</p>
      ) : (
        <div class="stack">
          {items.map((item) => (
            <NewsArticle item={item} ctx={ctx} />
          ))}
        </div>
      )}
    </FamilyLayout>
  );
}

export interface NewsRow {
  id: string;
  title: string;
  publishAt: Date;
  unpublishAt: Date | null;
  facilityName: string | null;
}

export function StaffNewsListPage({ ctx, rows, now }: { ctx: PageContext; rows: NewsRow[]; now: Date }) {
  const tz = ctx.tenant!.timeZone;
  return (
    <StaffLayout
      ctx={ctx}
      title="Actualités"
      section="/gestion/actualites"
      crumbs={[{ label: 'Accueil gestion', href: `${ctx.base}/gestion` }, { label: 'Actualités' }]}
    >
      <h1>Actualités</h1>
      <p class="actions">
        <a class="button" href={`${ctx.base}/gestion/actualites/nouvelle`}>
          Publier une actualité
        </a>
      </p>
      {rows.length === 0 ? (
        <p class="empty">Aucune actualité pour l’instant.</p>
      ) : (
        <ul class="item-list">
          {rows.map((r) => {
            const s = STATE_LABEL[newsState(r, now)];
            return (
              <li class="item">
                <div class="item-main">
                  <a href={`${ctx.base}/gestion/actualites/${r.id}`} class="item-title" safe>
                    {r.title}
                  </a>
                  <Badge tone={s.tone}>
                    <span safe>{s.text}</span>
                  </Badge>
                </div>
                <p class="meta">
                  <span safe>{`Du ${formatDateTime(r.publishAt, tz)}`}</span>
                  {r.unpublishAt ? (
                    <span safe>{` au ${formatDateTime(r.unpublishAt, tz)}`}</span>
                  ) : (
                    ', sans fin'
                  )}
                  <span safe>{` · ${r.facilityName ?? 'Tous les équipements'}`}</span>
                </p>
              </li>
            );
          })}
        </ul>
      )}
    </StaffLayout>
  );
}

export function NewsFormPage(p: {
  ctx: PageContext;
  newsId: string | null;
  values: Record<string, string>;
  errors: Record<string, string>;
  facilities: { id: string; name: string }[];
}) {
  const { ctx, values, errors } = p;
  const title = p.newsId ? 'Modifier l’actualité' : 'Publier une actualité';
  const action = p.newsId ? `${ctx.base}/gestion/actualites/${p.newsId}` : `${ctx.base}/gestion/actualites`;
  return (
    <StaffLayout
      ctx={ctx}
      title={title}
      section="/gestion/actualites"
      crumbs={[
        { label: 'Accueil gestion', href: `${ctx.base}/gestion` },
        { label: 'Actualités', href: `${ctx.base}/gestion/actualites` },
        { label: title },
      ]}
    >
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      <form method="post" action={action} class="form" novalidate>
        <Csrf token={ctx.csrfToken} />
        <Field
          name="title"
          label="Titre"
          value={values.title}
          error={errors.title}
          required
          maxlength={150}
        />
        <TextArea
          name="body"
          label="Texte"
          hint="Texte simple ; laissez une ligne vide entre deux paragraphes."
          value={values.body}
          error={errors.body}
          required
          rows={8}
        />
        <DateTimeField
          name="publishAt"
          label="Publier à partir du"
          hint={`Heure de ${ctx.tenant!.timeZone}.`}
          value={values.publishAt}
          error={errors.publishAt}
          required
        />
        <DateTimeField
          name="unpublishAt"
          label="Retirer le (facultatif)"
          value={values.unpublishAt}
          error={errors.unpublishAt}
        />
        <Select
          name="facilityId"
          label="Pour"
          value={values.facilityId}
          error={errors.facilityId}
          placeholder="Tous les équipements"
          options={p.facilities.map((f) => ({ value: f.id, label: f.name }))}
        />
        <p class="actions">
          <button type="submit" class="button">
            Enregistrer
          </button>
          <a class="button button-secondary" href={`${ctx.base}/gestion/actualites`}>
            Annuler
          </a>
        </p>
      </form>
      {p.newsId ? (
        <form
          method="post"
          action={`${ctx.base}/gestion/actualites/${p.newsId}/supprimer`}
          data-confirm="Supprimer cette actualité ?"
        >
          <Csrf token={ctx.csrfToken} />
          <button type="submit" class="button button-danger">
            Supprimer l’actualité
          </button>
        </form>
      ) : (
        ''
      )}
    </StaffLayout>
  );
}
