import { Csrf } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { FamilyLayout } from '../../../platform/views/nav';
import type { BasketLine, ReviewLine, ReviewModel, SiblingSkip } from '../domain/basket';
import { formatDayFr } from '../domain/days';
import { SECTION } from './planning';

function lineFlag(l: ReviewLine, lateRequests: boolean): { tone: string; text: string } | null {
  if (l.stale && l.late) return { tone: 'danger', text: 'Hors délai : sera refusé' };
  if (l.stale) return { tone: 'danger', text: 'Ce jour a changé depuis : ce changement sera refusé' };
  if (l.late || l.kind === 'request')
    return lateRequests
      ? { tone: 'warning', text: 'Hors délai : deviendra une demande soumise au service' }
      : { tone: 'danger', text: 'Hors délai : sera refusé' };
  return null;
}

function opLabel(l: ReviewLine): string {
  if (l.kind === 'join-waiting-list') return 'Liste d’attente';
  if (l.kind === 'withdraw') return 'Retirer la demande';
  return l.op === 'add' ? 'Réserver' : 'Annuler';
}

function Lines({
  ctx,
  title,
  lines,
  lateRequests,
}: {
  ctx: PageContext;
  title: string;
  lines: ReviewLine[];
  lateRequests: Set<string>;
}) {
  if (lines.length === 0) return '';
  return (
    <>
      <h3 safe>{`${title} (${lines.length})`}</h3>
      <ul class="bk-lines">
        {lines.map((l) => {
          const flag = lineFlag(l, lateRequests.has(l.key));
          return (
            <li class={flag ? `bk-line bk-line-${flag.tone}` : 'bk-line'}>
              <div class="bk-line-main">
                <span class="bk-line-what">
                  <strong safe>{`${formatDayFr(l.day)} · ${l.unitName}`}</strong>
                  <span class={`bk-op bk-op-${l.op}`} safe>
                    {opLabel(l)}
                  </span>
                </span>
                {l.deadlineLabel ? (
                  <span
                    class="hint"
                    safe
                  >{`${l.op === 'add' ? 'Délai de réservation' : 'Délai d’annulation'} : ${l.deadlineLabel}`}</span>
                ) : (
                  ''
                )}
                {flag ? (
                  <span class={`bk-flag bk-flag-${flag.tone}`}>
                    <span aria-hidden="true">⚠ </span>
                    <span safe>{flag.text}</span>
                  </span>
                ) : (
                  ''
                )}
              </div>
              <form method="post" action={`${ctx.base}/reservations/panier/retirer`} class="bk-line-remove">
                <Csrf token={ctx.csrfToken} />
                <input type="hidden" name="ligne" value={l.key} />
                <button type="submit" class="button button-secondary button-small">
                  Retirer<span class="visually-hidden" safe>{` ${formatDayFr(l.day)} ${l.unitName}`}</span>
                </button>
              </form>
            </li>
          );
        })}
      </ul>
    </>
  );
}

export function ReviewPage({
  ctx,
  basketId,
  review,
  lateRequests,
}: {
  ctx: PageContext;
  basketId: string;
  review: ReviewModel;
  lateRequests: Set<string>;
}) {
  const base = ctx.base;
  const total = review.additions + review.cancellations;
  return (
    <FamilyLayout
      ctx={ctx}
      title="Mon panier"
      section={SECTION}
      crumbs={[
        { label: 'Espace famille', href: `${base}/espace` },
        { label: 'Réservations', href: `${base}/reservations` },
        { label: 'Mon panier' },
      ]}
    >
      <h1>Mon panier</h1>
      {total === 0 ? (
        <div class="bk-empty">
          <p>Votre panier est vide.</p>
          <p>
            <a href={`${base}/reservations`}>Revenir aux réservations</a>
          </p>
        </div>
      ) : (
        <>
          <p safe>
            {`${review.additions} réservation${review.additions > 1 ? 's' : ''} à ajouter, ${review.cancellations} annulation${review.cancellations > 1 ? 's' : ''}. Rien n’est enregistré avant votre confirmation.`}
          </p>
          {review.children.map((c) => (
            <section class="card bk-review-child" aria-labelledby={`rv-${c.childId}`}>
              <h2 id={`rv-${c.childId}`} safe>
                {c.name}
              </h2>
              <Lines ctx={ctx} title="À réserver" lines={c.additions} lateRequests={lateRequests} />
              <Lines ctx={ctx} title="À annuler" lines={c.cancellations} lateRequests={lateRequests} />
            </section>
          ))}
          <div class="bk-confirm">
            <form method="post" action={`${base}/reservations/panier/confirmer`}>
              <Csrf token={ctx.csrfToken} />
              <input type="hidden" name="panier" value={basketId} />
              <button type="submit" class="button" safe>
                {`Confirmer ${total} changement${total > 1 ? 's' : ''}`}
              </button>
            </form>
            <form
              method="post"
              action={`${base}/reservations/panier/vider`}
              data-confirm="Vider le panier ? Les changements non confirmés seront perdus."
            >
              <Csrf token={ctx.csrfToken} />
              <button type="submit" class="button button-secondary">
                Vider le panier
              </button>
            </form>
          </div>
          <p>
            <a href={`${base}/reservations`}>Continuer mes réservations</a>
          </p>
        </>
      )}
    </FamilyLayout>
  );
}

export function SiblingsResultPage({
  ctx,
  back,
  copied,
  skipped,
  names,
  units,
}: {
  ctx: PageContext;
  back: string;
  copied: BasketLine[];
  skipped: SiblingSkip[];
  names: Map<string, string>;
  units: Map<string, string>;
}) {
  const base = ctx.base;
  return (
    <FamilyLayout
      ctx={ctx}
      title="La même chose pour les frères et sœurs"
      section={SECTION}
      crumbs={[
        { label: 'Espace famille', href: `${base}/espace` },
        { label: 'Réservations', href: `${base}/reservations` },
        { label: 'La même chose pour…' },
      ]}
    >
      <h1>La même chose pour les frères et sœurs</h1>
      <p class="bk-banner bk-banner-done" role="status" safe>
        {copied.length === 0
          ? 'Aucun changement copié.'
          : `${copied.length} changement${copied.length > 1 ? 's' : ''} ajouté${copied.length > 1 ? 's' : ''} au panier.`}
      </p>
      {skipped.length > 0 ? (
        <section aria-labelledby="skipped-h">
          <h2 id="skipped-h" safe>{`Non copiés (${skipped.length})`}</h2>
          <ul class="bk-lines">
            {skipped.map((s) => (
              <li class="bk-line">
                <div class="bk-line-main">
                  <strong
                    safe
                  >{`${names.get(s.line.childId) ?? ''} · ${formatDayFr(s.line.day)} · ${units.get(s.line.unitId) ?? ''}`}</strong>
                  <span class="hint" safe>
                    {s.reason}
                  </span>
                </div>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      <div class="actions">
        <a class="button" href={`${base}/reservations/panier`}>
          Vérifier mon panier
        </a>
        <a class="button button-secondary" href={back}>
          Revenir au planning
        </a>
      </div>
    </FamilyLayout>
  );
}
