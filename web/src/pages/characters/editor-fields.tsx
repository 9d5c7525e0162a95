import { useId } from 'react';

/** Small labelled inputs for the character editor; each names its field for error placement. */
export function TextInput(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string;
  maxLength?: number;
  required?: boolean;
}) {
  const id = useId();
  return (
    <div className={props.error ? 'field field--invalid' : 'field'} data-field={props.name}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        value={props.value}
        maxLength={props.maxLength}
        required={props.required}
        onChange={(event) => props.onChange(event.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
      />
      {props.hint && !props.error && <p className="field__hint">{props.hint}</p>}
      {props.error && (
        <p id={`${id}-error`} className="field__error" role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

export function TextArea(props: {
  label: string;
  name: string;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  error?: string;
  rows?: number;
  maxLength?: number;
}) {
  const id = useId();
  return (
    <div className={props.error ? 'field field--invalid' : 'field'} data-field={props.name}>
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        name={props.name}
        value={props.value}
        rows={props.rows ?? 3}
        maxLength={props.maxLength}
        onChange={(event) => props.onChange(event.target.value)}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${id}-error` : undefined}
      />
      {props.hint && !props.error && <p className="field__hint">{props.hint}</p>}
      {props.error && (
        <p id={`${id}-error`} className="field__error" role="alert">
          {props.error}
        </p>
      )}
    </div>
  );
}

/** One item per line (quirks, boundaries, tags…). */
export function LinesInput(props: {
  label: string;
  name: string;
  value: string[];
  onChange: (value: string[]) => void;
  hint?: string;
  error?: string;
  separator?: 'line' | 'comma';
}) {
  const comma = props.separator === 'comma';
  return (
    <TextArea
      label={props.label}
      name={props.name}
      rows={comma ? 1 : 3}
      value={props.value.join(comma ? ', ' : '\n')}
      hint={props.hint ?? (comma ? 'Separate with commas.' : 'One per line.')}
      error={props.error}
      onChange={(text) =>
        props.onChange(
          text
            .split(comma ? ',' : '\n')
            .map((item) => (comma ? item.trim() : item))
            .filter((item, index, all) => item.trim() !== '' || index === all.length - 1),
        )
      }
    />
  );
}

export function Select<T extends string>(props: {
  label: string;
  name: string;
  value: T;
  options: readonly (readonly [T, string])[];
  onChange: (value: T) => void;
}) {
  const id = useId();
  return (
    <div className="field" data-field={props.name}>
      <label htmlFor={id}>{props.label}</label>
      <select
        id={id}
        name={props.name}
        value={props.value}
        onChange={(event) => props.onChange(event.target.value as T)}
      >
        {props.options.map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function NumberInput(props: {
  label: string;
  name: string;
  value: number;
  min: number;
  max: number;
  onChange: (value: number) => void;
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="field" data-field={props.name}>
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.name}
        type="number"
        min={props.min}
        max={props.max}
        value={props.value}
        onChange={(event) => props.onChange(Number(event.target.value))}
      />
      {props.hint && <p className="field__hint">{props.hint}</p>}
    </div>
  );
}
