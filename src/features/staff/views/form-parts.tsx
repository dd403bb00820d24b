/** Form parts the foundation does not have yet: checkbox groups, selects, text areas. */

export interface Option {
  value: string;
  label: string;
}

/** A fieldset of checkboxes; its error is tied to the group for screen readers. */
export function CheckboxGroup(p: {
  name: string;
  legend: string;
  options: Option[];
  checked: readonly string[];
  error?: string | undefined;
  hint?: string | undefined;
}): JSX.Element {
  const id = `f-${p.name}`;
  return (
    <fieldset
      id={id}
      class={p.error ? 'field field-invalid' : 'field'}
      aria-describedby={p.error ? `${id}-error` : undefined}
      tabindex="-1"
    >
      <legend safe>{p.legend}</legend>
      {p.hint ? (
        <p class="hint" safe>
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
      {p.options.map((o, i) => (
        <div class="checkbox">
          <input
            type="checkbox"
            id={`${id}-${i}`}
            name={p.name}
            value={o.value}
            checked={p.checked.includes(o.value)}
          />
          <label for={`${id}-${i}`} safe>
            {o.label}
          </label>
        </div>
      ))}
    </fieldset>
  );
}

export function SelectField(p: {
  name: string;
  label: string;
  options: Option[];
  value?: string | undefined;
  error?: string | undefined;
  required?: boolean;
}): JSX.Element {
  const id = `f-${p.name}`;
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <label for={id} safe>
        {p.label}
      </label>
      {p.error ? (
        <p class="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          <span safe>{p.error}</span>
        </p>
      ) : (
        ''
      )}
      <select
        id={id}
        name={p.name}
        required={p.required}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={p.error ? `${id}-error` : undefined}
      >
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value} safe>
            {o.label}
          </option>
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
  required?: boolean;
  maxlength?: number;
  idSuffix?: string;
}): JSX.Element {
  const id = `f-${p.name}${p.idSuffix ?? ''}`;
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <label for={id} safe>
        {p.label}
      </label>
      {p.error ? (
        <p class="field-error" id={`${id}-error`}>
          <span aria-hidden="true">⚠ </span>
          <span safe>{p.error}</span>
        </p>
      ) : (
        ''
      )}
      <textarea
        id={id}
        name={p.name}
        required={p.required}
        maxlength={p.maxlength ?? 2000}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={p.error ? `${id}-error` : undefined}
        safe
      >
        {p.value ?? ''}
      </textarea>
    </div>
  );
}
