import { formatDayLongFr } from '../../../platform/calendar/days';
import { Badge, Csrf, ErrorSummary, Field, type Tone } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { FamilyLayout } from '../../../platform/views/nav';
import { formatSize } from '../../documents/views/family-documents';
import { FileField, Select, TextArea } from '../../messaging/views/fields';
import { formatDateTime } from '../../news/domain/time';
import type { AbsenceDeclaration, AbsenceReason, AbsenceStatus } from '../absences.schema';
import { ABSENCE_REASONS } from '../absences.schema';
import { daysText, deadlineText, type FormDeadline, REASON_LABEL } from '../absences.service';

export const STATUS_LABEL: Record<AbsenceStatus, { text: string; tone: Tone }> = {
  pending: { text: 'En attente de réponse', tone: 'info' },
  accepted: { text: 'Absence justifiée', tone: 'success' },
  refused: { text: 'Non justifiée', tone: 'danger' },
};

export function StatusBadge({ status }: { status: string }) {
  const s = STATUS_LABEL[status as AbsenceStatus] ?? { text: status, tone: 'neutral' as Tone };
  return (
    <Badge tone={s.tone}>
      <span safe>{s.text}</span>
    </Badge>
  );
}

const KIND_TEXT: Record<string, string> = { pdf: 'PDF', jpeg: 'JPEG', png: 'PNG', heic: 'HEIC' };

export function certificateText(d: {
  certificateName: string | null;
  certificateKind: string | null;
  certificateSize: number | null;
}) {
  return `${d.certificateName ?? 'certificat'} (${KIND_TEXT[d.certificateKind ?? ''] ?? ''}, ${formatSize(d.certificateSize ?? 0)})`;
}

export interface DeclarationRow {
  declaration: AbsenceDeclaration;
  childFirstName: string;
  childLastName: string;
  householdName: string;
}

const crumbs = (ctx: PageContext, last?: string) => [
  { label: 'Tableau de bord', href: `${ctx.base}/espace` },
  ...(last
    ? [{ label: 'Absences', href: `${ctx.base}/absences` }, { label: last }]
    : [{ label: 'Absences' }]),
];

export function FamilyAbsencesPage(p: {
  ctx: PageContext;
  rows: DeclarationRow[];
  kids: { id: string; firstName: string; lastName: string }[];
  childFilter: string;
  limitText: string;
}) {
  const { ctx } = p;
  const tz = ctx.tenant!.timeZone;
  return (
    <FamilyLayout ctx={ctx} title="Absences" section="/absences" crumbs={crumbs(ctx)}>
      <h1>Absences</h1>
      <p class="lead" safe>
        {`Prévenez le service quand un enfant ne viendra pas. Une absence déclarée dans le délai (${p.limitText} après le premier jour d’absence) et acceptée par le service n’est pas facturée.`}
      </p>
      <p>
        <a class="button" href={`${ctx.base}/absences/declarer`}>
          Déclarer une absence
        </a>
      </p>
      {p.kids.length > 1 ? (
        <form method="get" action={`${ctx.base}/absences`} class="inline-filter">
          <label for="f-enfant">Enfant</label>
          <select id="f-enfant" name="enfant">
            <option value="">Tous les enfants</option>
            {p.kids.map((k) => (
              <option value={k.id} selected={k.id === p.childFilter} safe>
                {`${k.firstName} ${k.lastName}`}
              </option>
            ))}
          </select>
          <button type="submit" class="button button-secondary">
            Filtrer
          </button>
        </form>
      ) : (
        ''
      )}
      {p.rows.length === 0 ? (
        <p class="empty">Aucune absence déclarée.</p>
      ) : (
        <ul class="item-list absence-list">
          {p.rows.map((r) => {
            const d = r.declaration;
            return (
              <li class="item">
                <div class="item-main">
                  <span class="item-title" safe>
                    {`${r.childFirstName} ${r.childLastName}, ${daysText(d.firstDay, d.lastDay)}`}
                  </span>
                  <StatusBadge status={d.status} />
                </div>
                <p class="meta" safe>
                  {`Motif : ${REASON_LABEL[d.reason as AbsenceReason] ?? d.reason} · déclarée le ${formatDateTime(d.declaredAt, tz)}`}
                </p>
                {d.comment ? (
                  <p class="absence-comment" safe>
                    {d.comment}
                  </p>
                ) : (
                  ''
                )}
                {d.certificateKey ? (
                  <p>
                    <a href={`${ctx.base}/absences/${d.id}/justificatif`}>
                      <span>Certificat médical : </span>
                      <span safe>{certificateText(d)}</span>
                    </a>
                  </p>
                ) : (
                  <p class="meta">Sans certificat médical.</p>
                )}
                {d.status === 'refused' ? (
                  <p class="refusal">
                    <strong>Motif du refus : </strong>
                    <span safe>{d.refusalReason ?? ''}</span>
                  </p>
                ) : (
                  ''
                )}
              </li>
            );
          })}
        </ul>
      )}
    </FamilyLayout>
  );
}

export function DeclarePage(p: {
  ctx: PageContext;
  kids: { id: string; firstName: string; lastName: string }[];
  deadline: FormDeadline;
  formToken: string;
  values: Record<string, string>;
  errors: Record<string, string>;
}) {
  const { ctx, errors, values, deadline } = p;
  const tz = ctx.tenant!.timeZone;
  const title = 'Déclarer une absence';
  return (
    <FamilyLayout ctx={ctx} title={title} section="/absences" crumbs={crumbs(ctx, title)}>
      <h1>{title}</h1>
      <div class="notice" id="absence-deadline">
        <p safe>
          {`Vous pouvez justifier une absence commençant le ${formatDayLongFr(deadline.earliestDay)} jusqu’au ${deadlineText(deadline.earliestDeadline, tz)}.`}
        </p>
        <p class="meta" safe>
          {`Délai : ${deadline.limitText} après le premier jour d’absence${deadline.limit.kind === 'working' ? ' (du lundi au vendredi, hors jours fériés)' : ''}. Vous pouvez aussi déclarer une absence à l’avance.`}
        </p>
      </div>
      <ErrorSummary errors={errors} />
      <form
        method="post"
        action={`${ctx.base}/absences/declarer`}
        enctype="multipart/form-data"
        class="form"
        novalidate
      >
        <Csrf token={ctx.csrfToken} />
        <input type="hidden" name="formToken" value={p.formToken} />
        <Select
          name="childId"
          label="Enfant"
          required
          value={values.childId ?? (p.kids.length === 1 ? p.kids[0]!.id : '')}
          error={errors.childId}
          placeholder="Choisissez l’enfant"
          options={p.kids.map((k) => ({ value: k.id, label: `${k.firstName} ${k.lastName}` }))}
        />
        <Field
          name="firstDay"
          label="Premier jour d’absence"
          type="date"
          required
          value={values.firstDay ?? deadline.today}
          error={errors.firstDay}
        />
        <Field
          name="lastDay"
          label="Dernier jour d’absence"
          type="date"
          hint="Laissez vide pour une absence d’une seule journée."
          value={values.lastDay}
          error={errors.lastDay}
        />
        <Select
          name="reason"
          label="Motif"
          required
          value={values.reason}
          error={errors.reason}
          placeholder="Choisissez le motif"
          options={ABSENCE_REASONS.map((r) => ({ value: r, label: REASON_LABEL[r] }))}
        />
        <TextArea
          name="comment"
          label="Commentaire"
          hint="Facultatif. Le service le lira."
          value={values.comment}
          error={errors.comment}
          maxlength={2000}
          rows={3}
        />
        <FileField
          name="file"
          label="Certificat médical"
          hint="Facultatif. PDF ou photo (JPEG, PNG, HEIC), 10 Mo au plus. Il sera conservé chiffré et lu seulement par le service."
          error={errors.file}
          accept=".pdf,application/pdf,.jpg,.jpeg,image/jpeg,.png,image/png,.heic,image/heic"
        />
        <p class="actions">
          <button type="submit" class="button">
            Déclarer l’absence
          </button>
          <a class="button button-secondary" href={`${ctx.base}/absences`}>
            Annuler
          </a>
        </p>
      </form>
    </FamilyLayout>
  );
}
