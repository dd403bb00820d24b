import { Badge, type Tone } from '../../../platform/views/components';
import type { FieldChange } from '../../requests/domain/diff';
import {
  displayValue,
  FIELD_BY_KEY,
  type FieldDef,
  type FieldMode,
} from '../../requests/domain/field-policy';
import type { HouseholdRequest } from '../../requests/requests.repository';

export const STATUS_BADGE: Record<string, { tone: Tone; icon: string; text: string }> = {
  pending: { tone: 'warning', icon: '…', text: 'En attente' },
  accepted: { tone: 'success', icon: '✓', text: 'Acceptée' },
  refused: { tone: 'danger', icon: '✕', text: 'Refusée' },
  replaced: { tone: 'neutral', icon: '↻', text: 'Remplacée' },
};

/** A request's state as text plus icon (never colour alone). */
export function RequestStatus({ status }: { status: string }): JSX.Element {
  const s = STATUS_BADGE[status] ?? { tone: 'neutral' as Tone, icon: '•', text: status };
  return (
    <Badge tone={s.tone}>
      <span aria-hidden="true" safe>
        {s.icon}
      </span>
      <span safe>{s.text}</span>
    </Badge>
  );
}

/** The diff of a change request as a small table: field, before, after. */
export function DiffTable({ changes, caption }: { changes: FieldChange[]; caption: string }): JSX.Element {
  return (
    <div class="table-wrap">
      <table class="table-reflow diff-table">
        <caption safe>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Champ</th>
            <th scope="col">Avant</th>
            <th scope="col">Après</th>
          </tr>
        </thead>
        <tbody>
          {changes.map((c) => {
            const def = FIELD_BY_KEY.get(c.field);
            return (
              <tr>
                <th scope="row" data-label="Champ" safe>
                  {def?.label ?? c.field}
                </th>
                <td data-label="Avant">
                  <del safe>{displayValue(def, c.before)}</del>
                </td>
                <td data-label="Après">
                  <ins safe>{displayValue(def, c.after)}</ins>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** What an addition request holds, as a definition list. */
export function PayloadList({ r }: { r: HouseholdRequest }): JSX.Element {
  const p = (r.payload ?? {}) as Record<string, unknown>;
  const labels: Record<string, string> =
    r.kind === 'add_child'
      ? {
          firstName: 'Prénom',
          lastName: 'Nom',
          birthDate: 'Date de naissance',
          sex: 'Sexe',
          school: 'École',
          schoolClass: 'Classe',
          diet: 'Régime alimentaire',
          allergies: 'Allergies',
        }
      : r.kind === 'remove_contact'
        ? { name: 'Contact à retirer', relation: 'Lien avec l’enfant' }
        : {
            name: 'Nom',
            relation: 'Lien avec l’enfant',
            mobilePhone: 'Téléphone mobile',
            otherPhone: 'Autre téléphone',
            mayPickUp: 'Peut venir chercher les enfants',
            emergency: 'À appeler en cas d’urgence',
            childIds: 'Enfants concernés',
          };
  const show = (k: string, v: unknown): string => {
    if (typeof v === 'boolean') return v ? 'Oui' : 'Non';
    if (k === 'sex') return v === 'F' ? 'Fille' : 'Garçon';
    if (k === 'childIds')
      return Array.isArray(v) && v.length > 0 ? `${v.length} enfant(s) choisi(s)` : 'Tous';
    if (k === 'birthDate' && typeof v === 'string')
      return displayValue(FIELD_BY_KEY.get('child.birthDate'), v);
    return v === undefined || v === null || v === '' ? '—' : String(v);
  };
  return (
    <dl class="facts">
      {Object.entries(labels).map(([k, label]) => (
        <div>
          <dt safe>{label}</dt>
          <dd safe>{show(k, p[k])}</dd>
        </div>
      ))}
    </dl>
  );
}

const MODE_HINT: Record<FieldMode, string> = {
  direct: '',
  validated: 'Modification soumise à validation du service.',
  staff_only: 'Modifiable uniquement par le service : contactez-le pour toute correction.',
};

/**
 * One field of a record form, following its policy: an input (direct or validated, with a hint), or a
 * read-only value with a note (staff only). A pending request on the field is shown under it.
 */
export function PolicyField(p: {
  def: FieldDef;
  mode: FieldMode;
  value: string;
  error?: string | undefined;
  pending?: string | null | undefined;
}): JSX.Element {
  const { def, mode } = p;
  const id = `f-${def.column}`;
  const hintId = `${id}-hint`;
  const errId = `${id}-error`;
  const pendingText =
    p.pending !== undefined ? `Demande en attente de validation : ${displayValue(def, p.pending)}` : '';
  const hint = [MODE_HINT[mode], pendingText].filter(Boolean).join(' ');
  const describedBy = [hint ? hintId : '', p.error ? errId : ''].filter(Boolean).join(' ') || undefined;
  if (mode === 'staff_only')
    return (
      <div class="field field-readonly">
        <p class="readonly-label" safe>
          {def.label}
        </p>
        <p class="readonly-value" safe>
          {displayValue(def, p.value)}
        </p>
        <p class="hint" safe>
          {MODE_HINT.staff_only}
        </p>
      </div>
    );
  const errorEl = p.error ? (
    <p class="field-error" id={errId}>
      <span aria-hidden="true">⚠ </span>
      <span safe>{p.error}</span>
    </p>
  ) : (
    ''
  );
  const hintEl = hint ? (
    <p class={p.pending !== undefined ? 'hint hint-pending' : 'hint'} id={hintId} safe>
      {hint}
    </p>
  ) : (
    ''
  );
  if (def.kind === 'bool')
    return (
      <div class={p.error ? 'field field-invalid' : 'field'}>
        {errorEl}
        {/* Sent when the box is unchecked: an absent field means "unchanged", not "no". */}
        <input type="hidden" name={def.column} value="false" />
        <div class="checkbox">
          <input
            type="checkbox"
            id={id}
            name={def.column}
            value="true"
            checked={p.value === 'true'}
            aria-describedby={describedBy}
          />
          <label for={id} safe>
            {def.label}
          </label>
        </div>
        {hintEl}
      </div>
    );
  if (def.kind === 'select')
    return (
      <div class={p.error ? 'field field-invalid' : 'field'}>
        <label for={id} safe>
          {def.label}
        </label>
        {hintEl}
        {errorEl}
        <select
          id={id}
          name={def.column}
          aria-describedby={describedBy}
          aria-invalid={p.error ? 'true' : undefined}
        >
          {(def.options ?? []).map((o) => (
            <option value={o.value} selected={o.value === p.value} safe>
              {o.label}
            </option>
          ))}
        </select>
      </div>
    );
  const type =
    def.kind === 'tel' ? 'tel' : def.kind === 'email' ? 'email' : def.kind === 'date' ? 'date' : 'text';
  const autocomplete: Record<string, string> = {
    'household.addressLine': 'street-address',
    'household.postalCode': 'postal-code',
    'household.city': 'address-level2',
    'household.phone': 'tel',
    'household.email': 'email',
    'guardian.email': 'email',
    'guardian.mobilePhone': 'tel',
    'guardian.employer': 'organization',
    'guardian.profession': 'organization-title',
  };
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <label for={id} safe>
        {def.label}
      </label>
      {hintEl}
      {errorEl}
      <input
        id={id}
        name={def.column}
        type={type}
        value={p.value}
        maxlength={def.maxLength ?? 200}
        inputmode={def.kind === 'int' || def.kind === 'postal' ? 'numeric' : undefined}
        autocomplete={autocomplete[def.key]}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy}
      />
    </div>
  );
}

/** A read-only fact list: label → value. */
export function Facts({ items }: { items: [string, string][] }): JSX.Element {
  return (
    <dl class="facts">
      {items.map(([k, v]) => (
        <div>
          <dt safe>{k}</dt>
          <dd safe>{v || '—'}</dd>
        </div>
      ))}
    </dl>
  );
}
