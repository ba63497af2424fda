/**
 * Form controls of the side panel. Text and number fields apply on every keystroke with a
 * coalescing key that lives for one focus session, so one visit to a field is one undo step.
 * Text that does not parse stays in the field with an inline error until it is fixed or
 * Escape restores the applied value; it is never applied: the project never sees NaN.
 *
 * `field` names the project field a control edits (as validation problems name it:
 * `weight`, `dnn.hiddenUnits`, `model.numExpert`), so a problem can focus its control.
 */
import { useId, useRef, useState, type ReactNode } from 'react';
import { parseNumber, parseNumberList, type NumberRule } from './parse';

let focusSessions = 0;

/** A coalescing key unique to this control and the current focus visit. */
export function useEditKey(): { key: () => string; onFocus: () => void } {
  const id = useId();
  const session = useRef(0);
  return {
    key: () => `${id}#${session.current}`,
    onFocus: () => {
      session.current = focusSessions += 1;
    },
  };
}

export function Field(props: {
  label: string;
  htmlFor: string;
  hint?: ReactNode;
  unit?: string;
  error?: string | null;
  /** With an error: the applied value that Escape restores. */
  kept?: string;
  children: ReactNode;
}) {
  return (
    <div className={`field${props.error ? ' is-invalid' : ''}`}>
      <label className="field__label" htmlFor={props.htmlFor}>
        {props.label}
      </label>
      <div className="field__control">
        {props.children}
        {props.unit && <span className="field__unit">{props.unit}</span>}
      </div>
      {props.error ? (
        <p className="field__error" id={`${props.htmlFor}-msg`} role="alert">
          {props.error}
          {props.kept !== undefined && (
            <span className="field__kept">
              {' '}
              Not applied; Esc restores {props.kept === '' ? 'the empty value' : `“${props.kept}”`}.
            </span>
          )}
        </p>
      ) : props.hint ? (
        <p className="field__hint" id={`${props.htmlFor}-msg`}>
          {props.hint}
        </p>
      ) : null}
    </div>
  );
}

type Parse<T> = (text: string) => { ok: true; value: T } | { ok: false; error: string };

interface ParsedFieldProps<T> {
  label: string;
  value: T;
  onChange: (value: T, coalesceKey: string) => void;
  hint?: ReactNode;
  unit?: string;
  placeholder?: string;
  testId?: string;
  /** The project field edited, for focusing it from a problem. */
  field?: string;
}

/**
 * A text box bound to a typed value through a parser and a formatter. Invalid text stays
 * (also after leaving the field) with its error until fixed or Escape.
 */
function ParsedField<T>(
  props: ParsedFieldProps<T> & {
    parse: Parse<T>;
    format: (v: T) => string;
    equal: (a: T, b: T) => boolean;
  },
) {
  const id = useId();
  const edit = useEditKey();
  const [draft, setDraft] = useState<string | null>(null);
  const parsed = draft === null ? null : props.parse(draft);
  const error = parsed && !parsed.ok ? parsed.error : null;
  const kept = props.format(props.value);
  return (
    <Field
      label={props.label}
      htmlFor={id}
      hint={props.hint}
      unit={props.unit}
      error={error}
      kept={kept}
    >
      <input
        id={id}
        type="text"
        inputMode="decimal"
        spellCheck={false}
        autoComplete="off"
        placeholder={props.placeholder}
        data-testid={props.testId}
        data-field={props.field}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || props.hint ? `${id}-msg` : undefined}
        value={draft ?? kept}
        onFocus={edit.onFocus}
        onChange={(e) => {
          const text = e.target.value;
          setDraft(text);
          const result = props.parse(text);
          if (result.ok && !props.equal(result.value, props.value))
            props.onChange(result.value, edit.key());
        }}
        onBlur={() => {
          // Valid text is shown as the applied value formats; invalid text waits to be fixed.
          if (!error) setDraft(null);
        }}
        onKeyDown={(e) => {
          if (e.key === 'Escape' && draft !== null) setDraft(null);
        }}
      />
    </Field>
  );
}

export function NumberField(props: ParsedFieldProps<number> & { rule?: NumberRule }) {
  return (
    <ParsedField
      {...props}
      parse={(text) => parseNumber(text, props.rule)}
      format={String}
      equal={(a, b) => a === b}
    />
  );
}

export function NumberListField(
  props: ParsedFieldProps<number[]> & { rule: NumberRule; allowEmpty?: boolean },
) {
  return (
    <ParsedField
      {...props}
      parse={(text) => parseNumberList(text, props.rule, props.allowEmpty ?? false)}
      format={(v) => v.join(', ')}
      equal={(a, b) => a.length === b.length && a.every((x, i) => x === b[i])}
    />
  );
}

/** Free text applied as typed (paths, column names). */
export function TextField(props: ParsedFieldProps<string> & { list?: string }) {
  const id = useId();
  const edit = useEditKey();
  return (
    <Field label={props.label} htmlFor={id} hint={props.hint} unit={props.unit}>
      <input
        id={id}
        type="text"
        spellCheck={false}
        autoComplete="off"
        list={props.list}
        placeholder={props.placeholder}
        data-testid={props.testId}
        data-field={props.field}
        aria-describedby={props.hint ? `${id}-msg` : undefined}
        value={props.value}
        onFocus={edit.onFocus}
        onChange={(e) => props.onChange(e.target.value, edit.key())}
      />
    </Field>
  );
}

export function SelectField<T extends string>(props: {
  label: string;
  value: T;
  options: readonly (T | { value: T; label: string })[];
  onChange: (value: T) => void;
  hint?: ReactNode;
  testId?: string;
  field?: string;
}) {
  const id = useId();
  return (
    <Field label={props.label} htmlFor={id} hint={props.hint}>
      <select
        id={id}
        value={props.value}
        data-testid={props.testId}
        data-field={props.field}
        onChange={(e) => props.onChange(e.target.value as T)}
      >
        {props.options.map((o) => {
          const option = typeof o === 'string' ? { value: o, label: o } : o;
          return (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          );
        })}
      </select>
    </Field>
  );
}

export function CheckboxField(props: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  hint?: ReactNode;
  testId?: string;
}) {
  const id = useId();
  return (
    <div className="field field--check">
      <label className="check" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={props.checked}
          data-testid={props.testId}
          onChange={(e) => props.onChange(e.target.checked)}
        />
        <span>{props.label}</span>
      </label>
      {props.hint && <p className="field__hint">{props.hint}</p>}
    </div>
  );
}

export function Section(props: { title: string; children: ReactNode; aside?: ReactNode }) {
  return (
    <section className="section">
      <header className="section__head">
        <h3>{props.title}</h3>
        {props.aside}
      </header>
      <div className="section__body">{props.children}</div>
    </section>
  );
}
