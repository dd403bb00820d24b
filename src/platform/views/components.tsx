import type { Children } from '@kitajs/html';

/** A status shown as text plus a coloured shape: never colour alone. */
export type Tone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

export function Flash(props: { kind: 'success' | 'info' | 'error'; text: string }): JSX.Element {
  const role = props.kind === 'error' ? 'alert' : 'status';
  const label = props.kind === 'error' ? 'Erreur' : props.kind === 'success' ? 'Succès' : 'Information';
  return (
    <div class={`flash flash-${props.kind}`} role={role}>
      <strong>{label} : </strong>
      <span safe>{props.text}</span>
    </div>
  );
}

export function Badge(props: { tone: Tone; children: Children }): JSX.Element {
  return <span class={`badge badge-${props.tone}`}>{props.children}</span>;
}

interface FieldProps {
  name: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  type?: 'text' | 'email' | 'password' | 'tel' | 'date' | 'number' | 'time' | 'url';
  required?: boolean;
  autocomplete?: string;
  inputmode?: 'numeric' | 'decimal' | 'tel' | 'email';
  maxlength?: number;
}

/** A labelled input with its hint and error; the error is tied to the input for screen readers. */
export function Field(p: FieldProps): JSX.Element {
  const id = `f-${p.name}`;
  const describedBy = [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <label for={id}>
        <span safe>{p.label}</span>
        {p.required ? (
          <span class="required" aria-hidden="true">
            {' *'}
          </span>
        ) : (
          ''
        )}
      </label>
      {p.hint ? (
        <p class="hint" id={`${id}-hint`} safe>
          {p.hint}
        </p>
      ) : (
        ''
      )}
      {p.error ? (
        <p class="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          <span safe>{p.error}</span>
        </p>
      ) : (
        ''
      )}
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        value={p.value ?? ''}
        required={p.required}
        autocomplete={p.autocomplete}
        inputmode={p.inputmode}
        maxlength={p.maxlength ?? 200}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy || undefined}
      />
    </div>
  );
}

/** The hidden CSRF field every state-changing form carries. */
export function Csrf({ token }: { token: string }): JSX.Element {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** A summary of form errors at the top of a form, linking to each field. */
export function ErrorSummary({ errors }: { errors: Record<string, string> }): JSX.Element {
  const entries = Object.entries(errors);
  if (entries.length === 0) return '';
  return (
    <div class="error-summary" role="alert" tabindex="-1">
      <h2 safe>{`Le formulaire contient ${entries.length} erreur(s)`}</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            <a href={`#f-${name}`} safe>
              {message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface Column<Row> {
  header: string;
  cell: (row: Row) => JSX.Element;
  numeric?: boolean;
}

/** A table that reflows into labelled cards on narrow screens (labels come from data-label). */
export function DataTable<Row>(props: {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  empty: string;
}) {
  if (props.rows.length === 0)
    return (
      <p class="empty" safe>
        {props.empty}
      </p>
    );
  return (
    <div class="table-wrap">
      <table class="table-reflow">
        <caption safe>{props.caption}</caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col" class={c.numeric ? 'num' : undefined} safe>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.map((row) => (
            <tr>
              {props.columns.map((c) => (
                <td data-label={c.header} class={c.numeric ? 'num' : undefined}>
                  {c.cell(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export type CellState =
  | 'bookable'
  | 'booked'
  | 'requested'
  | 'cancel-requested'
  | 'refused'
  | 'full'
  | 'closed'
  | 'past-deadline';

export const CELL_STATE_LABEL: Record<CellState, { text: string; icon: string }> = {
  bookable: { text: 'Réservable', icon: '○' },
  booked: { text: 'Réservé', icon: '✓' },
  requested: { text: 'Demandé', icon: '?' },
  'cancel-requested': { text: 'Annulation demandée', icon: '↺' },
  refused: { text: 'Refusé', icon: '✕' },
  full: { text: "Complet (liste d'attente)", icon: '⧗' },
  closed: { text: 'Fermé', icon: '—' },
  'past-deadline': { text: 'Délai dépassé', icon: '🔒' },
};

/** One day × unit cell of a planning: its state reads as text and icon, not colour alone. */
export function CalendarCell(props: { state: CellState; label: string }): JSX.Element {
  const s = CELL_STATE_LABEL[props.state];
  return (
    <span class={`cal-cell cal-${props.state}`}>
      <span class="cal-icon" aria-hidden="true" safe>
        {s.icon}
      </span>
      <span class="visually-hidden" safe>
        {`${props.label} : `}
      </span>
      <span class="cal-text" safe>
        {s.text}
      </span>
    </span>
  );
}

export function Card(props: { title: string; children?: Children; headingLevel?: 2 | 3 }): JSX.Element {
  const H = props.headingLevel === 3 ? 'h3' : 'h2';
  return (
    <section class="card">
      {H === 'h3' ? <h3 safe>{props.title}</h3> : <h2 safe>{props.title}</h2>}
      {props.children}
    </section>
  );
}
