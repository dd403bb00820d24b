import { Badge, Csrf, DataTable, ErrorSummary, Field, Flash } from '../../../platform/views/components';
import type { PageContext } from '../../../platform/views/context';
import { StaffLayout } from '../../../platform/views/nav';
import { describeRange, SCHOOL_LEVELS } from '../../enrollments/domain/groups';
import { frDay } from '../../enrollments/enrollments.service';
import type { Activity, ActivityGroup, Facility, Period, Unit } from '../catalogue.schema';
import { describeRule, WEEKDAY_NAMES } from '../domain/deadlines';
import {
  CheckboxField,
  CheckboxGroup,
  type FormValues,
  list,
  SelectField,
  str,
  TextAreaField,
} from './form-parts';

export const KIND_LABEL: Record<string, string> = {
  morning: 'Accueil du matin',
  evening: 'Accueil du soir',
  canteen: 'Restauration scolaire',
  wednesday: 'Mercredis',
  holidays: 'Vacances',
  course: 'Cours ou stage',
};
const UNIT_KIND_LABEL: Record<string, string> = {
  day: 'Journée',
  half_day: 'Demi-journée',
  meal: 'Repas',
  time_slot: 'Créneau horaire',
};
const DAY_TYPE_LABEL: Record<string, string> = {
  school_days: 'Jours scolaires',
  school_holidays: 'Vacances scolaires',
  both: 'Toute l’année',
};
const VALIDATION_LABEL: Record<string, string> = { auto: 'Automatique', staff: 'Par le service' };
const capital = (s: string) => s.replace(/^./, (c) => c.toUpperCase());
const WEEKDAY_OPTIONS = WEEKDAY_NAMES.map((n, i) => ({ value: String(i + 1), label: capital(n) }));

export interface FormState {
  form: string;
  values: FormValues;
  errors: Record<string, string>;
}
const stateFor = (s: FormState | undefined, form: string) =>
  s && s.form === form ? s : { form, values: {} as FormValues, errors: {} as Record<string, string> };

const crumbsBase = (ctx: PageContext) => [
  { label: 'Gestion', href: `${ctx.base}/gestion` },
  { label: 'Catalogue', href: `${ctx.base}/gestion/catalogue` },
];

export function CatalogueHomePage(p: {
  ctx: PageContext;
  facilities: Facility[];
  activities: Activity[];
  state?: FormState;
}) {
  const { ctx } = p;
  const fs = stateFor(p.state, 'facility');
  const as = stateFor(p.state, 'activity');
  return (
    <StaffLayout
      ctx={ctx}
      title="Catalogue"
      section="/gestion/catalogue"
      crumbs={[crumbsBase(ctx)[0]!, { label: 'Catalogue' }]}
    >
      <h1>Catalogue des services</h1>
      <ErrorSummary errors={p.state?.errors ?? {}} />
      {p.facilities.length === 0 ? <p class="empty">Aucune structure.</p> : ''}
      {p.facilities.map((f) => (
        <section class="card" aria-labelledby={`fac-${f.id}`}>
          <h2 id={`fac-${f.id}`} safe>
            {f.name}
          </h2>
          {f.address ? <p safe>{f.address}</p> : ''}
          <p>
            <a class="tap-link" href={`${ctx.base}/gestion/catalogue/structures/${f.id}`}>
              Modifier la structure<span class="visually-hidden" safe>{` ${f.name}`}</span>
            </a>
          </p>
          <ul>
            {p.activities
              .filter((a) => a.facilityId === f.id)
              .map((a) => (
                <li>
                  <a class="tap-link" href={`${ctx.base}/gestion/catalogue/activites/${a.id}`} safe>
                    {a.name}
                  </a>
                  <span safe>{` · ${KIND_LABEL[a.kind] ?? a.kind}`}</span>
                  {a.enrollmentOnly ? (
                    <>
                      {' '}
                      <Badge tone="neutral">Inscription seule</Badge>
                    </>
                  ) : (
                    ''
                  )}
                </li>
              ))}
          </ul>
        </section>
      ))}
      <div class="cat-forms">
        <form method="post" action={`${ctx.base}/gestion/catalogue/activites`} class="form card">
          <h2>Nouvelle activité</h2>
          <Csrf token={ctx.csrfToken} />
          <ActivityFields ctx={ctx} facilities={p.facilities} values={as.values} errors={as.errors} />
          <button type="submit" class="button">
            Créer l’activité
          </button>
        </form>
        <form method="post" action={`${ctx.base}/gestion/catalogue/structures`} class="form card">
          <h2>Nouvelle structure</h2>
          <Csrf token={ctx.csrfToken} />
          <Field
            name="f_name"
            label="Nom"
            required
            value={str(fs.values, 'f_name')}
            error={fs.errors.f_name}
          />
          <Field
            name="f_address"
            label="Adresse"
            value={str(fs.values, 'f_address')}
            error={fs.errors.f_address}
          />
          <button type="submit" class="button">
            Créer la structure
          </button>
        </form>
      </div>
    </StaffLayout>
  );
}

function DeadlineFields(p: {
  prefix: string;
  legend: string;
  values: FormValues;
  errors: Record<string, string>;
}) {
  const v = (k: string) => str(p.values, `${p.prefix}${k}`);
  return (
    <fieldset class="field cat-deadline">
      <legend safe>{p.legend}</legend>
      <SelectField
        name={`${p.prefix}kind`}
        label="Règle"
        value={v('kind') || 'none'}
        error={p.errors[`${p.prefix}kind`]}
        options={[
          { value: 'none', label: 'Aucun délai' },
          { value: 'days_before', label: 'N jours avant, à une heure' },
          { value: 'weekday_previous_week', label: 'Un jour de la semaine précédente, à une heure' },
          { value: 'day_previous_month', label: 'Un jour du mois précédent, à une heure' },
        ]}
      />
      <Field
        name={`${p.prefix}days`}
        label="Nombre de jours avant (règle « N jours avant »)"
        type="number"
        value={v('days')}
        error={p.errors[`${p.prefix}days`]}
      />
      <CheckboxField
        name={`${p.prefix}working`}
        id={`f-${p.prefix}working`}
        label="Compter en jours ouvrés (lundi–vendredi hors jours fériés)"
        checked={v('working') === 'on'}
      />
      <SelectField
        name={`${p.prefix}weekday`}
        label="Jour de la semaine précédente"
        value={v('weekday') || '4'}
        error={p.errors[`${p.prefix}weekday`]}
        options={WEEKDAY_OPTIONS}
      />
      <Field
        name={`${p.prefix}monthDay`}
        label="Jour du mois précédent (1 à 31)"
        type="number"
        value={v('monthDay')}
        error={p.errors[`${p.prefix}monthDay`]}
      />
      <Field
        name={`${p.prefix}time`}
        label="Heure limite (HH:MM, 24:00 pour minuit en fin de journée)"
        value={v('time') || '10:00'}
        error={p.errors[`${p.prefix}time`]}
        maxlength={5}
      />
    </fieldset>
  );
}

function ActivityFields(p: {
  ctx: PageContext;
  facilities: Facility[];
  values: FormValues;
  errors: Record<string, string>;
}) {
  const v = p.values;
  const e = p.errors;
  return (
    <>
      <Field name="name" label="Nom de l’activité" required value={str(v, 'name')} error={e.name} />
      <SelectField
        name="facilityId"
        label="Structure"
        value={str(v, 'facilityId')}
        error={e.facilityId}
        options={p.facilities.map((f) => ({ value: f.id, label: f.name }))}
      />
      <SelectField
        name="kind"
        label="Type"
        value={str(v, 'kind')}
        error={e.kind}
        options={Object.entries(KIND_LABEL).map(([value, label]) => ({ value, label }))}
      />
      <TextAreaField
        name="description"
        label="Description"
        value={str(v, 'description')}
        error={e.description}
      />
      <CheckboxField
        name="enrollmentOnly"
        label="Inscription seule (pas de réservation de jours, facturée à la période)"
        checked={str(v, 'enrollmentOnly') === 'on'}
      />
      <SelectField
        name="enrollmentValidation"
        label="Validation des inscriptions"
        value={str(v, 'enrollmentValidation') || 'staff'}
        error={e.enrollmentValidation}
        options={Object.entries(VALIDATION_LABEL).map(([value, label]) => ({ value, label }))}
      />
      <SelectField
        name="bookingValidation"
        label="Validation des réservations"
        value={str(v, 'bookingValidation') || 'auto'}
        error={e.bookingValidation}
        options={Object.entries(VALIDATION_LABEL).map(([value, label]) => ({ value, label }))}
      />
      <SelectField
        name="lateChangePolicy"
        label="Une modification hors délai est"
        value={str(v, 'lateChangePolicy') || 'refuse'}
        error={e.lateChangePolicy}
        options={[
          { value: 'refuse', label: 'Refusée' },
          { value: 'request', label: 'Transmise au service comme demande' },
        ]}
      />
      <TextAreaField
        name="requiredDocuments"
        label="Pièces demandées à l’inscription (une par ligne)"
        value={str(v, 'requiredDocuments')}
        error={e.requiredDocuments}
      />
      <DeadlineFields prefix="book_" legend="Délai de réservation" values={v} errors={e} />
      <DeadlineFields prefix="cancel_" legend="Délai d’annulation" values={v} errors={e} />
    </>
  );
}

export function ActivityPage(p: {
  ctx: PageContext;
  activity: Activity;
  facilities: Facility[];
  periods: Period[];
  groups: ActivityGroup[];
  units: Unit[];
  settings: FormValues;
  state?: FormState;
}) {
  const { ctx, activity: a } = p;
  const ss = p.state?.form === 'settings' ? p.state : { form: 'settings', values: p.settings, errors: {} };
  const ps = stateFor(p.state, 'period');
  const gs = stateFor(p.state, 'group');
  const us = stateFor(p.state, 'unit');
  const base = `${ctx.base}/gestion/catalogue/activites/${a.id}`;
  return (
    <StaffLayout
      ctx={ctx}
      title={a.name}
      section="/gestion/catalogue"
      crumbs={[...crumbsBase(ctx), { label: a.name }]}
    >
      <h1 safe>{a.name}</h1>
      <ErrorSummary errors={p.state?.errors ?? {}} />
      <section class="card" aria-labelledby="deadlines-title">
        <h2 id="deadlines-title">Délais affichés aux familles</h2>
        <ul>
          <li safe>{describeRule(a.bookingDeadline, 'book')}</li>
          <li safe>{describeRule(a.cancelDeadline, 'cancel')}</li>
          <li
            safe
          >{`Hors délai : ${a.lateChangePolicy === 'request' ? 'demande transmise au service' : 'refusé'}`}</li>
        </ul>
      </section>

      <section aria-labelledby="periods-title">
        <h2 id="periods-title">Périodes</h2>
        <DataTable
          caption={`Périodes de ${a.name}`}
          empty="Aucune période."
          rows={p.periods}
          columns={[
            {
              header: 'Période',
              cell: (r) => (
                <a class="tap-link" href={`${ctx.base}/gestion/catalogue/periodes/${r.id}`} safe>
                  {r.name}
                </a>
              ),
            },
            {
              header: 'Dates',
              cell: (r) => <span safe>{`${frDay(r.firstDay)} – ${frDay(r.lastDay)}`}</span>,
            },
            {
              header: 'Inscriptions',
              cell: (r) => (
                <span>
                  {r.enrollmentFirstDay
                    ? `${frDay(r.enrollmentFirstDay)} – ${frDay(r.enrollmentLastDay ?? '')}`
                    : 'Fermées'}
                </span>
              ),
            },
            {
              header: 'Attribution',
              cell: (r) => (
                <span>
                  {r.allocationMode === 'request_window'
                    ? `Demandes du ${frDay(r.requestWindowFirstDay ?? '')} au ${frDay(r.requestWindowLastDay ?? '')}`
                    : 'Premier arrivé'}
                </span>
              ),
            },
            {
              header: 'État',
              cell: (r) => (
                <>
                  {r.frozen ? <Badge tone="neutral">Figée</Badge> : <Badge tone="success">Modifiable</Badge>}{' '}
                  {r.visible ? '' : <Badge tone="warning">Masquée</Badge>}
                </>
              ),
            },
          ]}
        />
        <form method="post" action={`${base}/periodes`} class="form card">
          <h3>Nouvelle période</h3>
          <Csrf token={ctx.csrfToken} />
          <PeriodFields values={ps.values} errors={ps.errors} />
          <button type="submit" class="button">
            Ajouter la période
          </button>
        </form>
      </section>

      <section aria-labelledby="groups-title">
        <h2 id="groups-title">Groupes</h2>
        <DataTable
          caption={`Groupes de ${a.name}`}
          empty="Aucun groupe."
          rows={p.groups}
          columns={[
            {
              header: 'Groupe',
              cell: (g) => (
                <a class="tap-link" href={`${ctx.base}/gestion/catalogue/groupes/${g.id}`} safe>
                  {g.name}
                </a>
              ),
            },
            { header: 'Tranche', cell: (g) => <span safe>{describeRange(g)}</span> },
            { header: 'Capacité', numeric: true, cell: (g) => <span safe>{String(g.capacity)}</span> },
          ]}
        />
        <form method="post" action={`${base}/groupes`} class="form card">
          <h3>Nouveau groupe</h3>
          <Csrf token={ctx.csrfToken} />
          <GroupFields values={gs.values} errors={gs.errors} />
          <button type="submit" class="button">
            Ajouter le groupe
          </button>
        </form>
      </section>

      <section aria-labelledby="units-title">
        <h2 id="units-title">Unités</h2>
        <DataTable
          caption={`Unités de ${a.name}`}
          empty="Aucune unité."
          rows={p.units}
          columns={[
            {
              header: 'Unité',
              cell: (u) => (
                <a class="tap-link" href={`${ctx.base}/gestion/catalogue/unites/${u.id}`} safe>
                  {u.name}
                </a>
              ),
            },
            {
              header: 'Horaires',
              cell: (u) => (
                <span safe>{`${u.startTime}–${u.endTime} · ${UNIT_KIND_LABEL[u.kind] ?? u.kind}`}</span>
              ),
            },
            { header: 'Ouverture', cell: (u) => <span safe>{openingText(u)}</span> },
            { header: 'Règles', cell: (u) => <span safe>{rulesText(u, p.units)}</span> },
            {
              header: 'Délais',
              cell: (u) => (
                <span>
                  {u.bookingDeadline || u.cancelDeadline
                    ? `${describeRule(u.bookingDeadline ?? a.bookingDeadline, 'book')} · ${describeRule(u.cancelDeadline ?? a.cancelDeadline, 'cancel')}`
                    : 'Ceux de l’activité'}
                </span>
              ),
            },
            {
              header: 'Places par jour',
              numeric: true,
              cell: (u) => <span safe>{u.capacity === null ? 'Illimité' : String(u.capacity)}</span>,
            },
          ]}
        />
        <form method="post" action={`${base}/unites`} class="form card">
          <h3>Nouvelle unité</h3>
          <Csrf token={ctx.csrfToken} />
          <UnitFields values={us.values} errors={us.errors} siblings={p.units} />
          <button type="submit" class="button">
            Ajouter l’unité
          </button>
        </form>
      </section>

      <form method="post" action={base} class="form card">
        <h2>Réglages de l’activité</h2>
        <Csrf token={ctx.csrfToken} />
        <ActivityFields ctx={ctx} facilities={p.facilities} values={ss.values} errors={ss.errors} />
        <button type="submit" class="button">
          Enregistrer les réglages
        </button>
      </form>
    </StaffLayout>
  );
}

function GroupFields({ values: v, errors: e }: { values: FormValues; errors: Record<string, string> }) {
  return (
    <>
      <Field name="g_name" label="Nom" required value={str(v, 'g_name')} error={e.g_name} />
      <Field
        name="g_minAge"
        label="Âge minimum (ans)"
        type="number"
        value={str(v, 'g_minAge')}
        error={e.g_minAge}
      />
      <Field
        name="g_maxAge"
        label="Âge maximum (ans)"
        type="number"
        value={str(v, 'g_maxAge')}
        error={e.g_maxAge}
      />
      <SelectField
        name="g_minLevel"
        label="Niveau scolaire minimum"
        placeholder="Indifférent"
        value={str(v, 'g_minLevel')}
        error={e.g_minLevel}
        options={SCHOOL_LEVELS.map((l, i) => ({ value: String(i), label: l }))}
      />
      <SelectField
        name="g_maxLevel"
        label="Niveau scolaire maximum"
        placeholder="Indifférent"
        value={str(v, 'g_maxLevel')}
        error={e.g_maxLevel}
        options={SCHOOL_LEVELS.map((l, i) => ({ value: String(i), label: l }))}
      />
      <Field
        name="g_capacity"
        label="Capacité (places par période)"
        type="number"
        required
        value={str(v, 'g_capacity')}
        error={e.g_capacity}
      />
    </>
  );
}

export function openingText(u: Unit): string {
  const days = [...u.weekdays]
    .sort()
    .map((d) => WEEKDAY_NAMES[d - 1])
    .join(', ');
  return `${capital(days)} · ${DAY_TYPE_LABEL[u.dayType] ?? u.dayType}${u.openOnPublicHolidays ? ' · ouvert les jours fériés' : ' · fermé les jours fériés'}`;
}

function rulesText(u: Unit, all: Unit[]): string {
  const name = (id: string) => all.find((x) => x.id === id)?.name ?? '?';
  const parts: string[] = [];
  if (u.incompatibleUnitIds.length > 0) parts.push(`Exclut ${u.incompatibleUnitIds.map(name).join(', ')}`);
  if (u.requiredUnitIds.length > 0) parts.push(`Demande ${u.requiredUnitIds.map(name).join(', ')}`);
  return parts.join(' · ') || '—';
}

function PeriodFields({ values: v, errors: e }: { values: FormValues; errors: Record<string, string> }) {
  return (
    <>
      <Field name="p_name" label="Nom" required value={str(v, 'p_name')} error={e.p_name} />
      <Field
        name="p_firstDay"
        label="Premier jour"
        type="date"
        required
        value={str(v, 'p_firstDay')}
        error={e.p_firstDay}
      />
      <Field
        name="p_lastDay"
        label="Dernier jour"
        type="date"
        required
        value={str(v, 'p_lastDay')}
        error={e.p_lastDay}
      />
      <Field
        name="p_enrollmentFirstDay"
        label="Inscriptions : du"
        type="date"
        value={str(v, 'p_enrollmentFirstDay')}
        error={e.p_enrollmentFirstDay}
      />
      <Field
        name="p_enrollmentLastDay"
        label="Inscriptions : au"
        type="date"
        value={str(v, 'p_enrollmentLastDay')}
        error={e.p_enrollmentLastDay}
      />
      <Field
        name="p_bookingFirstDay"
        label="Réservations : du"
        type="date"
        value={str(v, 'p_bookingFirstDay')}
        error={e.p_bookingFirstDay}
      />
      <Field
        name="p_bookingLastDay"
        label="Réservations : au"
        type="date"
        value={str(v, 'p_bookingLastDay')}
        error={e.p_bookingLastDay}
      />
      <SelectField
        name="p_allocationMode"
        label="Attribution des places"
        value={str(v, 'p_allocationMode') || 'first_come'}
        error={e.p_allocationMode}
        options={[
          { value: 'first_come', label: 'Premier arrivé, premier servi' },
          { value: 'request_window', label: 'Fenêtre de demandes puis attribution par priorité' },
        ]}
      />
      <Field
        name="p_requestFirstDay"
        label="Fenêtre de demandes : du"
        type="date"
        value={str(v, 'p_requestFirstDay')}
        error={e.p_requestFirstDay}
      />
      <Field
        name="p_requestLastDay"
        label="Fenêtre de demandes : au"
        type="date"
        value={str(v, 'p_requestLastDay')}
        error={e.p_requestLastDay}
      />
      <CheckboxField
        name="p_visible"
        label="Visible des familles"
        checked={str(v, 'p_visible') === 'on' || v.p_visible === undefined}
      />
      <CheckboxField
        name="p_frozen"
        label="Figer la période (lecture seule)"
        checked={str(v, 'p_frozen') === 'on'}
      />
    </>
  );
}

function UnitFields({
  values: v,
  errors: e,
  siblings,
}: {
  values: FormValues;
  errors: Record<string, string>;
  siblings: Unit[];
}) {
  const others = siblings.map((u) => ({ value: u.id, label: u.name }));
  return (
    <>
      <Field name="u_name" label="Nom" required value={str(v, 'u_name')} error={e.u_name} />
      <SelectField
        name="u_kind"
        label="Type d’unité"
        value={str(v, 'u_kind') || 'day'}
        error={e.u_kind}
        options={Object.entries(UNIT_KIND_LABEL).map(([value, label]) => ({ value, label }))}
      />
      <Field
        name="u_startTime"
        label="Heure de début (HH:MM)"
        required
        value={str(v, 'u_startTime')}
        error={e.u_startTime}
        maxlength={5}
      />
      <Field
        name="u_endTime"
        label="Heure de fin (HH:MM)"
        required
        value={str(v, 'u_endTime')}
        error={e.u_endTime}
        maxlength={5}
      />
      <CheckboxGroup
        name="u_weekdays"
        legend="Jours d’ouverture"
        values={list(v, 'u_weekdays')}
        error={e.u_weekdays}
        options={WEEKDAY_OPTIONS}
      />
      <SelectField
        name="u_dayType"
        label="Période d’ouverture"
        hint="Selon le calendrier scolaire de la zone de la collectivité."
        value={str(v, 'u_dayType') || 'both'}
        error={e.u_dayType}
        options={Object.entries(DAY_TYPE_LABEL).map(([value, label]) => ({ value, label }))}
      />
      <CheckboxField
        name="u_openOnPublicHolidays"
        label="Ouvert les jours fériés"
        checked={str(v, 'u_openOnPublicHolidays') === 'on'}
      />
      <Field
        name="u_capacity"
        label="Places par jour (vide : illimité)"
        type="number"
        value={str(v, 'u_capacity')}
        error={e.u_capacity}
      />
      {others.length > 0 ? (
        <>
          <CheckboxGroup
            name="u_incompatible"
            legend="Incompatible avec"
            values={list(v, 'u_incompatible')}
            error={e.u_incompatible}
            options={others}
          />
          <CheckboxGroup
            name="u_required"
            legend="Demande aussi"
            values={list(v, 'u_required')}
            error={e.u_required}
            options={others}
          />
        </>
      ) : (
        ''
      )}
      <DeadlineFields
        prefix="ubook_"
        legend="Délai de réservation propre à l’unité (sinon celui de l’activité)"
        values={v}
        errors={e}
      />
      <DeadlineFields
        prefix="ucancel_"
        legend="Délai d’annulation propre à l’unité (sinon celui de l’activité)"
        values={v}
        errors={e}
      />
    </>
  );
}

export function PeriodPage(p: {
  ctx: PageContext;
  period: Period;
  activity: Activity;
  values: FormValues;
  state?: FormState;
  canUnfreeze?: boolean;
}) {
  const { ctx, period } = p;
  const s = stateFor(p.state, 'period');
  const values = p.state ? s.values : p.values;
  return (
    <StaffLayout
      ctx={ctx}
      title={period.name}
      section="/gestion/catalogue"
      crumbs={[
        ...crumbsBase(ctx),
        { label: p.activity.name, href: `${ctx.base}/gestion/catalogue/activites/${p.activity.id}` },
        { label: period.name },
      ]}
    >
      <h1 safe>{`${p.activity.name} – ${period.name}`}</h1>
      <ErrorSummary errors={s.errors} />
      {period.frozen ? (
        <>
          <p>
            <Badge tone="neutral">Figée</Badge> Cette période est en lecture seule.
          </p>
          <dl class="cat-dl">
            <dt>Dates</dt>
            <dd safe>{`${frDay(period.firstDay)} – ${frDay(period.lastDay)}`}</dd>
            <dt>Inscriptions</dt>
            <dd>
              {period.enrollmentFirstDay
                ? `${frDay(period.enrollmentFirstDay)} – ${frDay(period.enrollmentLastDay ?? '')}`
                : 'Fermées'}
            </dd>
            <dt>Réservations</dt>
            <dd>
              {period.bookingFirstDay
                ? `${frDay(period.bookingFirstDay)} – ${frDay(period.bookingLastDay ?? '')}`
                : '—'}
            </dd>
          </dl>
          {p.canUnfreeze ? (
            <form
              method="post"
              action={`${ctx.base}/gestion/catalogue/periodes/${period.id}/degeler`}
              class="form card"
            >
              <h2>Rouvrir la période</h2>
              <Csrf token={ctx.csrfToken} />
              {s.errors.confirm ? (
                <p class="field-error" id="f-confirm-error">
                  <span aria-hidden="true">⚠ </span>
                  <span safe>{s.errors.confirm}</span>
                </p>
              ) : (
                ''
              )}
              <CheckboxField
                name="confirm"
                label="Je confirme vouloir rendre cette période à nouveau modifiable."
                checked={false}
              />
              <button type="submit" class="button button-danger">
                Rouvrir la période
              </button>
            </form>
          ) : (
            ''
          )}
        </>
      ) : (
        <form method="post" action={`${ctx.base}/gestion/catalogue/periodes/${period.id}`} class="form">
          <Csrf token={ctx.csrfToken} />
          <PeriodFields values={values} errors={s.errors} />
          <button type="submit" class="button">
            Enregistrer la période
          </button>
        </form>
      )}
    </StaffLayout>
  );
}

export function UnitPage(p: {
  ctx: PageContext;
  unit: Unit;
  activity: Activity;
  groups: ActivityGroup[];
  exceptions: { id: string; day: string; kind: string; label: string }[];
  capacities: { id: string; groupId: string | null; day: string | null; capacity: number }[];
  preview: { day: string; label: string }[];
  siblings: Unit[];
  values: FormValues;
  state?: FormState;
  conflict?: string;
}) {
  const { ctx, unit: u } = p;
  const xs = stateFor(p.state, 'exception');
  const cs = stateFor(p.state, 'capacity');
  const es = stateFor(p.state, 'unit');
  const editValues = p.state?.form === 'unit' ? es.values : p.values;
  const base = `${ctx.base}/gestion/catalogue/unites/${u.id}`;
  const groupName = (id: string | null) =>
    id ? (p.groups.find((g) => g.id === id)?.name ?? '?') : 'Toute l’unité';
  return (
    <StaffLayout
      ctx={ctx}
      title={u.name}
      section="/gestion/catalogue"
      crumbs={[
        ...crumbsBase(ctx),
        { label: p.activity.name, href: `${ctx.base}/gestion/catalogue/activites/${p.activity.id}` },
        { label: u.name },
      ]}
    >
      <h1 safe>{`${p.activity.name} – ${u.name}`}</h1>
      <ErrorSummary errors={{ ...xs.errors, ...cs.errors, ...es.errors }} />
      {p.conflict ? <Flash kind="error" text={p.conflict} /> : ''}
      <p safe>{`${u.startTime}–${u.endTime} · ${openingText(u)}`}</p>
      <ul>
        <li safe>{describeRule(u.bookingDeadline ?? p.activity.bookingDeadline, 'book')}</li>
        <li safe>{describeRule(u.cancelDeadline ?? p.activity.cancelDeadline, 'cancel')}</li>
      </ul>
      <section aria-labelledby="preview-title">
        <h2 id="preview-title">Ouvertures des quatre prochaines semaines</h2>
        <DataTable
          caption="Jours et état d’ouverture"
          empty="Aucun jour."
          rows={p.preview}
          columns={[
            { header: 'Jour', cell: (r) => <span safe>{r.day}</span> },
            { header: 'État', cell: (r) => <span safe>{r.label}</span> },
          ]}
        />
      </section>
      <section aria-labelledby="exc-title">
        <h2 id="exc-title">Fermetures et ouvertures exceptionnelles</h2>
        <DataTable
          caption="Exceptions au calendrier"
          empty="Aucune exception."
          rows={p.exceptions}
          columns={[
            { header: 'Jour', cell: (x) => <span safe>{frDay(x.day)}</span> },
            {
              header: 'Type',
              cell: (x) => (
                <span safe>{`${x.kind === 'closed' ? 'Fermeture' : 'Ouverture exceptionnelle'}`}</span>
              ),
            },
            { header: 'Libellé', cell: (x) => <span safe>{x.label || '—'}</span> },
            {
              header: 'Action',
              cell: (x) => (
                <DeleteForm
                  ctx={ctx}
                  action={`${base}/exceptions/${x.id}/supprimer`}
                  label="Supprimer"
                  what={`l’exception du ${frDay(x.day)}`}
                />
              ),
            },
          ]}
        />
        <form method="post" action={`${base}/exceptions`} class="form card">
          <h3>Ajouter une exception</h3>
          <Csrf token={ctx.csrfToken} />
          <Field
            name="x_day"
            label="Jour"
            type="date"
            required
            value={str(xs.values, 'x_day')}
            error={xs.errors.x_day}
          />
          <SelectField
            name="x_kind"
            label="Type"
            value={str(xs.values, 'x_kind') || 'closed'}
            error={xs.errors.x_kind}
            options={[
              { value: 'closed', label: 'Fermeture' },
              { value: 'open', label: 'Ouverture exceptionnelle' },
            ]}
          />
          <Field
            name="x_label"
            label="Libellé (facultatif)"
            value={str(xs.values, 'x_label')}
            error={xs.errors.x_label}
          />
          <button type="submit" class="button">
            Ajouter
          </button>
        </form>
      </section>
      <section aria-labelledby="cap-title">
        <h2 id="cap-title">Capacités</h2>
        <p
          safe
        >{`Capacité par défaut : ${u.capacity === null ? 'illimitée' : `${u.capacity} places par jour`}.`}</p>
        <DataTable
          caption="Capacités particulières (par jour et par groupe)"
          empty="Aucune capacité particulière."
          rows={p.capacities}
          columns={[
            { header: 'Groupe', cell: (c) => <span safe>{groupName(c.groupId)}</span> },
            { header: 'Jour', cell: (c) => <span safe>{`${c.day ? frDay(c.day) : 'Tous les jours'}`}</span> },
            { header: 'Places', numeric: true, cell: (c) => <span safe>{String(c.capacity)}</span> },
            {
              header: 'Action',
              cell: (c) => (
                <DeleteForm
                  ctx={ctx}
                  action={`${base}/capacites/${c.id}/supprimer`}
                  label="Supprimer"
                  what={`la capacité ${groupName(c.groupId)}, ${c.day ? frDay(c.day) : 'tous les jours'}`}
                />
              ),
            },
          ]}
        />
        <form method="post" action={`${base}/capacites`} class="form card">
          <h3>Définir une capacité</h3>
          <Csrf token={ctx.csrfToken} />
          <SelectField
            name="c_groupId"
            label="Groupe"
            placeholder="Toute l’unité"
            value={str(cs.values, 'c_groupId')}
            error={cs.errors.c_groupId}
            options={p.groups.map((g) => ({ value: g.id, label: g.name }))}
          />
          <Field
            name="c_day"
            label="Jour (vide : tous les jours)"
            type="date"
            value={str(cs.values, 'c_day')}
            error={cs.errors.c_day}
          />
          <Field
            name="c_capacity"
            label="Places"
            type="number"
            required
            value={str(cs.values, 'c_capacity')}
            error={cs.errors.c_capacity}
          />
          <button type="submit" class="button">
            Enregistrer la capacité
          </button>
        </form>
      </section>
      <form method="post" action={base} class="form card">
        <h2>Modifier l’unité</h2>
        <Csrf token={ctx.csrfToken} />
        <UnitFields values={editValues} errors={es.errors} siblings={p.siblings} />
        <button type="submit" class="button">
          Enregistrer l’unité
        </button>
      </form>
      <section aria-labelledby="del-title" class="card">
        <h2 id="del-title">Supprimer l’unité</h2>
        <p>Possible seulement si aucune inscription ne la réserve dans sa semaine type.</p>
        <DeleteForm ctx={ctx} action={`${base}/supprimer`} label="Supprimer l’unité" what={u.name} />
      </section>
    </StaffLayout>
  );
}

/** Confirmation form of a deletion (a plain POST: works without JavaScript). */
function DeleteForm(p: { ctx: PageContext; action: string; label: string; what: string }) {
  return (
    <form method="post" action={p.action} class="cat-inline">
      <Csrf token={p.ctx.csrfToken} />
      <button type="submit" class="button button-small button-danger">
        <span safe>{p.label}</span>
        <span class="visually-hidden" safe>{` ${p.what}`}</span>
      </button>
    </form>
  );
}

export function FacilityPage(p: {
  ctx: PageContext;
  facility: Facility;
  values: FormValues;
  state?: FormState;
}) {
  const { ctx, facility: f } = p;
  const s = stateFor(p.state, 'facility');
  const v = p.state ? s.values : p.values;
  return (
    <StaffLayout
      ctx={ctx}
      title={f.name}
      section="/gestion/catalogue"
      crumbs={[...crumbsBase(ctx), { label: f.name }]}
    >
      <h1 safe>{f.name}</h1>
      <ErrorSummary errors={s.errors} />
      <form method="post" action={`${ctx.base}/gestion/catalogue/structures/${f.id}`} class="form">
        <Csrf token={ctx.csrfToken} />
        <Field name="f_name" label="Nom" required value={str(v, 'f_name')} error={s.errors.f_name} />
        <Field name="f_address" label="Adresse" value={str(v, 'f_address')} error={s.errors.f_address} />
        <button type="submit" class="button">
          Enregistrer la structure
        </button>
      </form>
    </StaffLayout>
  );
}

export function GroupPage(p: {
  ctx: PageContext;
  group: ActivityGroup;
  activity: Activity;
  values: FormValues;
  state?: FormState;
  conflict?: string;
}) {
  const { ctx, group: g } = p;
  const s = stateFor(p.state, 'group');
  const v = p.state ? s.values : p.values;
  const base = `${ctx.base}/gestion/catalogue/groupes/${g.id}`;
  return (
    <StaffLayout
      ctx={ctx}
      title={g.name}
      section="/gestion/catalogue"
      crumbs={[
        ...crumbsBase(ctx),
        { label: p.activity.name, href: `${ctx.base}/gestion/catalogue/activites/${p.activity.id}` },
        { label: g.name },
      ]}
    >
      <h1 safe>{`${p.activity.name} – ${g.name}`}</h1>
      <ErrorSummary errors={s.errors} />
      {p.conflict ? <Flash kind="error" text={p.conflict} /> : ''}
      <form method="post" action={base} class="form">
        <Csrf token={ctx.csrfToken} />
        <GroupFields values={v} errors={s.errors} />
        <button type="submit" class="button">
          Enregistrer le groupe
        </button>
      </form>
      <section aria-labelledby="del-title" class="card">
        <h2 id="del-title">Supprimer le groupe</h2>
        <p>Possible seulement si aucune inscription n’utilise ce groupe.</p>
        <DeleteForm ctx={ctx} action={`${base}/supprimer`} label="Supprimer le groupe" what={g.name} />
      </section>
    </StaffLayout>
  );
}
