import { Csrf, ErrorSummary, Field } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { PlainText, Select, TextArea } from '../../messaging/views/fields';
import { formatDateTime } from '../../news/domain/time';
import type { AbsenceReason } from '../absences.schema';
import { daysText, REASON_LABEL } from '../absences.service';
import type { AbsenceLimit } from '../domain/deadline';
import { certificateText, type DeclarationRow, StatusBadge } from './family-absences';

const staffCrumbs = (ctx: PageContext, last: string, withQueue = true) => [
  { label: 'Accueil gestion', href: `${ctx.base}/gestion` },
  ...(withQueue ? [{ label: 'Absences', href: `${ctx.base}/gestion/absences` }] : []),
  { label: last },
];

const reasonText = (r: string) => REASON_LABEL[r as AbsenceReason] ?? r;

export function StaffQueuePage(p: { ctx: PageContext; rows: DeclarationRow[]; isAdmin: boolean }) {
  const { ctx } = p;
  const tz = ctx.tenant!.timeZone;
  return (
    <StaffLayout
      ctx={ctx}
      title="Absences à traiter"
      section="/gestion/absences"
      crumbs={staffCrumbs(ctx, 'Absences', false)}
    >
      <h1>Absences à traiter</h1>
      <p id="queue-count" safe>
        {p.rows.length === 0
          ? 'Aucune absence en attente.'
          : `${p.rows.length} absence(s) en attente, les plus anciennes d’abord.`}
      </p>
      {p.rows.length > 0 ? (
        <ul class="item-list">
          {p.rows.map((r) => {
            const d = r.declaration;
            return (
              <li class="item">
                <div class="item-main">
                  <a class="item-title" href={`${ctx.base}/gestion/absences/${d.id}`} safe>
                    {`${r.childFirstName} ${r.childLastName} · foyer ${r.householdName}`}
                  </a>
                </div>
                <p class="meta" safe>
                  {`${daysText(d.firstDay, d.lastDay)} · ${reasonText(d.reason)} · ${d.certificateKey ? 'certificat joint' : 'sans certificat'} · déclarée le ${formatDateTime(d.declaredAt, tz)}`}
                </p>
              </li>
            );
          })}
        </ul>
      ) : (
        ''
      )}
      {p.isAdmin ? (
        <p>
          <a href={`${ctx.base}/gestion/absences/reglages`}>Délai de déclaration des absences</a>
        </p>
      ) : (
        ''
      )}
    </StaffLayout>
  );
}

export function StaffDetailPage(p: {
  ctx: PageContext;
  row: DeclarationRow;
  errors: Record<string, string>;
  values: Record<string, string>;
}) {
  const { ctx } = p;
  const d = p.row.declaration;
  const tz = ctx.tenant!.timeZone;
  const base = `${ctx.base}/gestion/absences/${d.id}`;
  const title = `Absence de ${p.row.childFirstName} ${p.row.childLastName}`;
  return (
    <StaffLayout ctx={ctx} title={title} section="/gestion/absences" crumbs={staffCrumbs(ctx, title)}>
      <h1 safe>{title}</h1>
      <p>
        <StatusBadge status={d.status} />
      </p>
      <dl class="facts">
        <dt>Foyer</dt>
        <dd safe>{p.row.householdName}</dd>
        <dt>Jours</dt>
        <dd safe>{daysText(d.firstDay, d.lastDay)}</dd>
        <dt>Motif</dt>
        <dd safe>{reasonText(d.reason)}</dd>
        <dt>Déclarée le</dt>
        <dd safe>{formatDateTime(d.declaredAt, tz)}</dd>
        {d.decidedAt ? (
          <>
            <dt>Traitée le</dt>
            <dd safe>{formatDateTime(d.decidedAt, tz)}</dd>
          </>
        ) : (
          ''
        )}
      </dl>
      {d.comment ? (
        <section class="card" aria-labelledby="comment-title">
          <h2 id="comment-title">Commentaire de la famille</h2>
          <PlainText text={d.comment} />
        </section>
      ) : (
        ''
      )}
      <section class="card" aria-labelledby="certificate-title">
        <h2 id="certificate-title">Certificat médical</h2>
        {d.certificateKey ? (
          <>
            <p safe>{certificateText(d)}</p>
            <p class="meta">Document de santé : chaque téléchargement est tracé.</p>
            <p>
              <a class="button button-secondary" href={`${base}/justificatif`}>
                Télécharger le certificat
              </a>
            </p>
          </>
        ) : (
          <p>Aucun certificat joint.</p>
        )}
      </section>
      {d.status === 'pending' ? (
        <div class="grid">
          <section class="card" aria-labelledby="accept-title">
            <h2 id="accept-title">Accepter</h2>
            <p>Les jours deviennent des absences justifiées : ils ne sont pas facturés.</p>
            <form method="post" action={`${base}/accepter`}>
              <Csrf token={ctx.csrfToken} />
              <button type="submit" class="button">
                Accepter l’absence
              </button>
            </form>
          </section>
          <section class="card" aria-labelledby="refuse-title">
            <h2 id="refuse-title">Refuser</h2>
            <ErrorSummary errors={p.errors} />
            <form method="post" action={`${base}/refuser`} novalidate>
              <Csrf token={ctx.csrfToken} />
              <TextArea
                name="reason"
                label="Motif du refus"
                hint="La famille le verra et le recevra par courriel."
                value={p.values.reason}
                error={p.errors.reason}
                required
                maxlength={500}
                rows={3}
              />
              <button type="submit" class="button button-danger">
                Refuser l’absence
              </button>
            </form>
          </section>
        </div>
      ) : d.refusalReason ? (
        <p class="refusal">
          <strong>Motif du refus : </strong>
          <span safe>{d.refusalReason}</span>
        </p>
      ) : (
        ''
      )}
    </StaffLayout>
  );
}

export function SettingsPage(p: {
  ctx: PageContext;
  current: AbsenceLimit;
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { ctx } = p;
  const title = 'Délai de déclaration des absences';
  return (
    <StaffLayout ctx={ctx} title={title} section="/gestion/absences" crumbs={staffCrumbs(ctx, 'Délai')}>
      <h1>{title}</h1>
      <p class="lead">
        Les familles peuvent déclarer une absence jusqu’à ce délai, compté à partir de la fin du premier jour
        d’absence. En heures ouvrées, seuls les jours du lundi au vendredi hors jours fériés comptent.
      </p>
      <ErrorSummary errors={p.errors} />
      <form method="post" action={`${ctx.base}/gestion/absences/reglages`} class="form" novalidate>
        <Csrf token={ctx.csrfToken} />
        <Field
          name="limitHours"
          label="Nombre d’heures"
          type="number"
          inputmode="numeric"
          required
          hint="Entre 1 et 720 (48 par défaut)."
          value={p.values.limitHours ?? String(p.current.hours)}
          error={p.errors.limitHours}
        />
        <Select
          name="limitKind"
          label="Heures comptées"
          required
          value={p.values.limitKind ?? p.current.kind}
          error={p.errors.limitKind}
          options={[
            { value: 'working', label: 'Heures ouvrées (jours ouvrés seulement)' },
            { value: 'calendar', label: 'Heures calendaires (tous les jours)' },
          ]}
        />
        <p class="actions">
          <button type="submit" class="button">
            Enregistrer
          </button>
          <a class="button button-secondary" href={`${ctx.base}/gestion/absences`}>
            Retour
          </a>
        </p>
      </form>
    </StaffLayout>
  );
}
