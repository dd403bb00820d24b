/** Form fields the platform's `Field` does not cover: text areas, selects, date-times, files. */

interface Base {
  name: string;
  label: string;
  error?: string | undefined;
  hint?: string | undefined;
  required?: boolean;
}

function describedBy(p: Base): string | undefined {
  const id = `f-${p.name}`;
  return [p.hint ? `${id}-hint` : '', p.error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
}

function Label(p: Base): JSX.Element {
  return (
    <>
      <label for={`f-${p.name}`}>
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
        <p class="hint" id={`f-${p.name}-hint`} safe>
          {p.hint}
        </p>
      ) : (
        ''
      )}
      {p.error ? (
        <p class="field-error" id={`f-${p.name}-error`}>
          <span aria-hidden="true">⚠ </span>
          <span safe>{p.error}</span>
        </p>
      ) : (
        ''
      )}
    </>
  );
}

export function TextArea(p: Base & { value?: string | undefined; maxlength?: number; rows?: number }) {
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <Label {...p} />
      <textarea
        id={`f-${p.name}`}
        name={p.name}
        rows={String(p.rows ?? 6)}
        maxlength={p.maxlength ?? 5000}
        required={p.required}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p)}
        safe
      >
        {p.value ?? ''}
      </textarea>
    </div>
  );
}

export function Select(
  p: Base & { value?: string | undefined; options: { value: string; label: string }[]; placeholder?: string },
) {
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <Label {...p} />
      <select
        id={`f-${p.name}`}
        name={p.name}
        required={p.required}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p)}
      >
        {p.placeholder !== undefined ? (
          <option value="" safe>
            {p.placeholder}
          </option>
        ) : (
          ''
        )}
        {p.options.map((o) => (
          <option value={o.value} selected={o.value === p.value} safe>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function DateTimeField(p: Base & { value?: string | undefined }) {
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <Label {...p} />
      <input
        id={`f-${p.name}`}
        name={p.name}
        type="datetime-local"
        value={p.value ?? ''}
        required={p.required}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p)}
      />
    </div>
  );
}

export function FileField(p: Base & { accept: string }) {
  return (
    <div class={p.error ? 'field field-invalid' : 'field'}>
      <Label {...p} />
      <input
        id={`f-${p.name}`}
        name={p.name}
        type="file"
        accept={p.accept}
        required={p.required}
        aria-invalid={p.error ? 'true' : undefined}
        aria-describedby={describedBy(p)}
      />
    </div>
  );
}

/** Plain text with paragraphs (blank lines) and line breaks, always escaped. */
export function PlainText({ text }: { text: string }) {
  const paras = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  return (
    <div class="plain-text">
      {paras.map((p) => (
        <p safe>{p}</p>
      ))}
    </div>
  );
}
