import { Badge, Csrf, DataTable, ErrorSummary } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { FamilyLayout } from '../../../platform/views/nav';
import type { ActivityGroup, Unit } from '../../catalogue/catalogue.schema';
import { WEEKDAY_NAMES } from '../../catalogue/domain/deadlines';
import {
  CheckboxField,
  CheckboxGroup,
  type FormValues,
  list,
  SelectField,
  str,
  TextAreaField,
} from '../../catalogue/views/form-parts';
import type { ChildSummary } from '../children-lookup';
import { describeRange } from '../domain/groups';
import type { EnrollmentListRow } from '../enrollments.repository';
import { frDay, STATUS_LABEL } from '../enrollments.service';

const SECTION = '/espace/inscriptions';

export function StatusBadge({ status }: { status: string }) {
  const s = STATUS_LABEL[status] ?? { text: status, icon: '•', tone: 'info' as const };
  return (
    <Badge tone={s.tone}>
      <span aria-hidden="true" safe>{`${s.icon} `}</span>
      <span safe>{s.text}</span>
    </Badge>
  );
}

export function StatusDetails({ row }: { row: EnrollmentListRow }) {
  return (
    <>
      <StatusBadge status={row.enrollment.status} />
      {row.enrollment.status === 'waiting' && row.rank !== null ? (
        <span class="enr-detail" safe>{` Rang ${row.rank}`}</span>
      ) : (
        ''
      )}
      {row.enrollment.status === 'refused' && row.enrollment.refusalReason ? (
        <span class="enr-detail" safe>{` Motif : ${row.enrollment.refusalReason}`}</span>
      ) : (
        ''
      )}
    </>
  );
}

export function FamilyEnrollmentsPage({ ctx, rows }: { ctx: PageContext; rows: EnrollmentListRow[] }) {
  return (
    <FamilyLayout
      ctx={ctx}
      title="Inscriptions"
      section={SECTION}
      crumbs={[{ label: 'Espace famille', href: `${ctx.base}/espace` }, { label: 'Inscriptions' }]}
    >
      <h1>Inscriptions</h1>
      <p>
        <a class="button" href={`${ctx.base}/espace/inscriptions/nouvelle`}>
          Nouvelle demande d'inscription
        </a>
      </p>
      <DataTable
        caption="Demandes et inscriptions de vos enfants"
        empty="Aucune demande d'inscription pour le moment."
        rows={rows}
        columns={[
          { header: 'Enfant', cell: (r) => <span safe>{`${r.childFirstName} ${r.childLastName}`}</span> },
          {
            header: 'Activité',
            cell: (r) => (
              <>
                <span safe>{`${r.activityName} · ${r.facilityName}`}</span>
                {r.enrollmentOnly ? (
                  <>
                    {' '}
                    <Badge tone="neutral">Inscription seule</Badge>
                  </>
                ) : (
                  ''
                )}
              </>
            ),
          },
          {
            header: 'Période',
            cell: (r) => (
              <span safe>{`${r.periodName} (${frDay(r.periodFirstDay)} – ${frDay(r.periodLastDay)})`}</span>
            ),
          },
          { header: 'Groupe', cell: (r) => <span safe>{r.groupName ?? '—'}</span> },
          { header: 'État', cell: (r) => <StatusDetails row={r} /> },
          {
            header: 'Pièces demandées',
            cell: (r) => (
              <span
                safe
              >{`${r.requiredDocuments.length > 0 ? r.requiredDocuments.join(', ') : 'Aucune'}`}</span>
            ),
          },
          {
            header: 'Attestation',
            cell: (r) =>
              r.enrollment.status === 'accepted' ? (
                <a
                  class="tap-link"
                  href={`${ctx.base}/espace/inscriptions/${r.enrollment.id}/attestation.pdf`}
                  safe
                >{`Attestation de ${r.childFirstName} (PDF)`}</a>
              ) : (
                <span>—</span>
              ),
          },
        ]}
      />
    </FamilyLayout>
  );
}

export interface PeriodChoice {
  id: string;
  label: string;
  group: string;
  open: boolean;
}

export interface NewEnrollmentModel {
  children: ChildSummary[];
  periods: PeriodChoice[];
  /** Second step: the chosen child and period, with what the form needs. */
  step2?: {
    childId: string;
    periodId: string;
    periodLabel: string;
    windowText: string;
    enrollmentOnly: boolean;
    description: string;
    groups: ActivityGroup[];
    suggestedGroupId: string | null;
    units: Unit[];
    requiredDocuments: string[];
    /** The activity's deadlines as French sentences. */
    deadlines: string[];
  };
  values: FormValues;
  errors: Record<string, string>;
}

export function NewEnrollmentPage({ ctx, m }: { ctx: PageContext; m: NewEnrollmentModel }) {
  const child = m.step2 ? m.children.find((c) => c.id === m.step2!.childId) : null;
  return (
    <FamilyLayout
      ctx={ctx}
      title="Nouvelle demande d'inscription"
      section={SECTION}
      crumbs={[
        { label: 'Espace famille', href: `${ctx.base}/espace` },
        { label: 'Inscriptions', href: `${ctx.base}/espace/inscriptions` },
        { label: 'Nouvelle demande' },
      ]}
    >
      <h1>Nouvelle demande d'inscription</h1>
      <ErrorSummary errors={m.errors} />
      {!m.step2 ? (
        <form method="get" action={`${ctx.base}/espace/inscriptions/nouvelle`} class="form">
          <h2>Étape 1 sur 2 : enfant et période</h2>
          <SelectField
            name="enfant"
            label="Enfant"
            required
            value={str(m.values, 'enfant')}
            error={m.errors.enfant}
            options={m.children.map((c) => ({ value: c.id, label: `${c.firstName} ${c.lastName}` }))}
          />
          <SelectField
            name="periode"
            label="Structure, activité et période"
            hint="Seules les périodes dont les inscriptions sont ouvertes sont proposées."
            required
            value={str(m.values, 'periode')}
            error={m.errors.periode}
            options={m.periods
              .filter((p) => p.open)
              .map((p) => ({ value: p.id, label: p.label, group: p.group }))}
          />
          <button type="submit" class="button">
            Continuer
          </button>
        </form>
      ) : (
        <form method="post" action={`${ctx.base}/espace/inscriptions`} class="form">
          <Csrf token={ctx.csrfToken} />
          <input type="hidden" name="childId" value={m.step2.childId} />
          <input type="hidden" name="periodId" value={m.step2.periodId} />
          <h2>Étape 2 sur 2 : détails de la demande</h2>
          <p>
            <strong>Enfant : </strong>
            <span safe>{`${child ? `${child.firstName} ${child.lastName}` : ''}`}</span>
            <br />
            <strong>Période : </strong>
            <span safe>{m.step2.periodLabel}</span>
            <br />
            <span safe>{m.step2.windowText}</span>
          </p>
          {m.errors.periodId ? (
            <p class="field-error" id="f-periodId">
              <span aria-hidden="true">⚠ </span>
              <span safe>{m.errors.periodId}</span>
            </p>
          ) : (
            ''
          )}
          {m.step2.description ? <p safe>{m.step2.description}</p> : ''}
          {m.step2.deadlines.length > 0 ? (
            <ul class="enr-deadlines">
              {m.step2.deadlines.map((d) => (
                <li safe>{d}</li>
              ))}
            </ul>
          ) : (
            ''
          )}
          {m.step2.enrollmentOnly ? (
            <p>
              <Badge tone="neutral">Inscription seule</Badge> Activité sur inscription à la période, sans
              réservation de jours.
            </p>
          ) : (
            ''
          )}
          {m.step2.groups.length > 0 ? (
            <SelectField
              name="groupId"
              label="Groupe"
              hint="Le groupe correspondant à l'âge de l'enfant est proposé."
              value={str(m.values, 'groupId') || m.step2.suggestedGroupId || ''}
              error={m.errors.groupId}
              options={m.step2.groups.map((g) => ({
                value: g.id,
                label: `${g.name} (${describeRange(g)})${g.id === m.step2!.suggestedGroupId ? ' – suggéré' : ''}`,
              }))}
            />
          ) : (
            ''
          )}
          {!m.step2.enrollmentOnly && m.step2.units.length > 0 ? (
            <TypicalWeek units={m.step2.units} values={list(m.values, 'week')} error={m.errors.week} />
          ) : (
            ''
          )}
          <TextAreaField
            name="memo"
            label="Message pour le service (facultatif)"
            value={str(m.values, 'memo')}
            error={m.errors.memo}
            maxlength={1000}
          />
          {m.children.length > 1 ? (
            <CheckboxGroup
              name="siblingIds"
              legend="Faire la même demande pour"
              hint="Le groupe est adapté à l'âge de chaque enfant."
              values={list(m.values, 'siblingIds')}
              options={m.children
                .filter((c) => c.id !== m.step2!.childId)
                .map((c) => ({ value: c.id, label: `${c.firstName} ${c.lastName}` }))}
            />
          ) : (
            ''
          )}
          <section aria-labelledby="docs-title" class="enr-docs">
            <h3 id="docs-title">Pièces justificatives demandées</h3>
            {m.step2.requiredDocuments.length > 0 ? (
              <ul>
                {m.step2.requiredDocuments.map((d) => (
                  <li safe>{d}</li>
                ))}
              </ul>
            ) : (
              <p>Aucune pièce demandée.</p>
            )}
            {m.errors.documents ? (
              <p class="field-error" id="f-documents" safe>
                {m.errors.documents}
              </p>
            ) : (
              ''
            )}
          </section>
          <div class="actions">
            <button type="submit" class="button">
              Envoyer la demande
            </button>
            <a class="button button-secondary" href={`${ctx.base}/espace/inscriptions/nouvelle`}>
              Changer d'enfant ou de période
            </a>
          </div>
        </form>
      )}
    </FamilyLayout>
  );
}

function TypicalWeek({
  units,
  values,
  error,
}: {
  units: Unit[];
  values: string[];
  error?: string | undefined;
}) {
  const days = [1, 2, 3, 4, 5, 6, 7].filter((d) => units.some((u) => u.weekdays.includes(d)));
  return (
    <fieldset class={error ? 'field field-invalid enr-week' : 'field enr-week'} id="f-week">
      <legend>Semaine type (facultatif)</legend>
      <p class="hint">Les jours cochés pré-rempliront les réservations une fois l'inscription acceptée.</p>
      {error ? (
        <p class="field-error">
          <span aria-hidden="true">⚠ </span>
          <span safe>{error}</span>
        </p>
      ) : (
        ''
      )}
      {days.map((d) => (
        <div class="enr-week-day">
          <p class="enr-week-name" safe>
            {WEEKDAY_NAMES[d - 1]!.replace(/^./, (c) => c.toUpperCase())}
          </p>
          {units
            .filter((u) => u.weekdays.includes(d))
            .map((u) => (
              <CheckboxField
                name="week"
                id={`f-week-${d}-${u.id}`}
                value={`${d}:${u.id}`}
                label={`${u.name} le ${WEEKDAY_NAMES[d - 1]} (${u.startTime}–${u.endTime})`}
                checked={values.includes(`${d}:${u.id}`)}
              />
            ))}
        </div>
      ))}
    </fieldset>
  );
}
