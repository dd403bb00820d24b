/** Form parts the catalogue and enrollments pages share (select, textarea, checkbox, error line). */

function describedBy(id: string, hint?: string, error?: string): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

function HintAndError({
  id,
  hint,
  error,
}: {
  id: string;
  hint?: string | undefined;
  error?: string | undefined;
}) {
  return (
    <>
      {hint ? (
        <p class="hint" id={`${id}-hint`} safe>
          {hint}
        </p>
      ) : (
        ''
      )}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          <span safe>{error}</span>
        </p>
      ) : (
        ''
      )}
    </>
  );
}

export interface Option {
  value: string;
  label: string;
  group?: string;
}

export function SelectField(p: {
  name: string;
  label: string;
  options: Option[];
  value?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
  /** Overrides the id (several forms on one page). */
  id?: string;
  placeholder?: string;
}): JSX.Element {
  const id = p.id ?? `f-${p.name}`;
  const groups = [...new Set(p.options.map((o) => o.group ?? ''))];
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <label for={id} safe>
        {p.label}
      </label>
      <HintAndError id={id} hint={p.hint} error={p.error} />
      <select
        id={id}
        name={p.name}
        required={p.required}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(id, p.hint, p.error)}
      >
        {p.placeholder !== undefined ? (
          <option value="" safe>
            {p.placeholder}
          </option>
        ) : (
          ''
        )}
        {groups.length <= 1 && (groups[0] ?? '') === ''
          ? p.options.map((o) => (
              <option value={o.value} selected={o.value === p.value} safe>
                {o.label}
              </option>
            ))
          : groups.map((g) => (
              <optgroup label={g}>
                {p.options
                  .filter((o) => (o.group ?? '') === g)
                  .map((o) => (
                    <option value={o.value} selected={o.value === p.value} safe>
                      {o.label}
                    </option>
                  ))}
              </optgroup>
            ))}
      </select>
    </div>
  );
}

export function TextAreaField(p: {
  name: string;
  label: string;
  value?: string | undefined;
  error?: string | undefined;
  hint?: string | undefined;
  id?: string;
  required?: boolean;
  maxlength?: number;
}): JSX.Element {
  const id = p.id ?? `f-${p.name}`;
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <label for={id} safe>
        {p.label}
      </label>
      <HintAndError id={id} hint={p.hint} error={p.error} />
      <textarea
        id={id}
        name={p.name}
        required={p.required}
        maxlength={p.maxlength ?? 2000}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(id, p.hint, p.error)}
        safe
      >
        {p.value ?? ''}
      </textarea>
    </div>
  );
}

export function CheckboxField(p: {
  name: string;
  label: string;
  value?: string;
  checked?: boolean;
  id?: string;
}): JSX.Element {
  const id = p.id ?? `f-${p.name}`;
  return (
    <div class="checkbox tap-check">
      <input type="checkbox" id={id} name={p.name} value={p.value ?? 'on'} checked={p.checked} />
      <label for={id} safe>
        {p.label}
      </label>
    </div>
  );
}

/** A fieldset of checkboxes with its legend, hint and error. */
export function CheckboxGroup(p: {
  name: string;
  legend: string;
  options: Option[];
  values: string[];
  error?: string | undefined;
  hint?: string | undefined;
}): JSX.Element {
  const id = `f-${p.name}`;
  return (
    <fieldset
      class={p.error ? 'field field-invalid' : 'field'}
      id={id}
      aria-describedby={describedBy(id, p.hint, p.error)}
    >
      <legend safe>{p.legend}</legend>
      <HintAndError id={id} hint={p.hint} error={p.error} />
      {p.options.map((o, i) => (
        <CheckboxField
          name={p.name}
          id={`${id}-${i}`}
          value={o.value}
          label={o.label}
          checked={p.values.includes(o.value)}
        />
      ))}
    </fieldset>
  );
}

/** Form values as strings or string arrays, for re-rendering after an error. */
export type FormValues = Record<string, string | string[] | undefined>;

export function str(v: FormValues, k: string): string {
  const x = v[k];
  return Array.isArray(x) ? (x[0] ?? '') : (x ?? '');
}

export function list(v: FormValues, k: string): string[] {
  const x = v[k];
  return x === undefined ? [] : Array.isArray(x) ? x : [x];
}
