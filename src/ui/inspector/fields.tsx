/**
 * Form controls of the side panel. Text and number fields apply on every keystroke with a
 * coalescing key that lives for one focus session, so one visit to a field is one undo step.
 * Text that does not parse stays in the field with an inline error and is never applied:
 * the project never sees NaN.
 */
import { useId, useRef, useState, type InputHTMLAttributes, type ReactNode } from 'react';
import { parseNumber, parseNumberList, type NumberRule } from './parse';

let focusSessions = 0;

/** A coalescing key unique to this control and the current focus visit. */
function useEditKey(): { key: () => string; onFocus: () => void } {
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
}

/** A text box bound to a typed value through a parser and a formatter. */
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
  return (
    <Field label={props.label} htmlFor={id} hint={props.hint} unit={props.unit} error={error}>
      <input
        id={id}
        type="text"
        inputMode="decimal"
        spellCheck={false}
        autoComplete="off"
        placeholder={props.placeholder}
        data-testid={props.testId}
        aria-invalid={error ? true : undefined}
        aria-describedby={error || props.hint ? `${id}-msg` : undefined}
        value={draft ?? props.format(props.value)}
        onFocus={edit.onFocus}
        onChange={(e) => {
          const text = e.target.value;
          setDraft(text);
          const result = props.parse(text);
          if (result.ok && !props.equal(result.value, props.value))
            props.onChange(result.value, edit.key());
        }}
        onBlur={() => setDraft(null)}
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
        aria-describedby={props.hint ? `${id}-msg` : undefined}
        value={props.value}
        onFocus={edit.onFocus}
        onChange={(e) => props.onChange(e.target.value, edit.key())}
      />
    </Field>
  );
}

/**
 * A text box committed on blur or Enter (names: renaming on every keystroke would rename
 * every relation on the way). `onCommit` returns an error to show, or null. Escape reverts.
 */
export function CommitInput(
  props: Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
    value: string;
    onCommit: (text: string) => string | null;
  },
) {
  const { value, onCommit, ...rest } = props;
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const problem = draft === value ? null : onCommit(draft);
    setError(problem);
    if (!problem) setDraft(null);
  };
  return (
    <>
      <input
        {...rest}
        type="text"
        spellCheck={false}
        autoComplete="off"
        aria-invalid={error ? true : undefined}
        value={draft ?? value}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setDraft(null);
            setError(null);
          }
        }}
      />
      {error && (
        <p className="field__error" role="alert" data-testid="commit-error">
          {error}
        </p>
      )}
    </>
  );
}

export function SelectField<T extends string>(props: {
  label: string;
  value: T;
  options: readonly (T | { value: T; label: string })[];
  onChange: (value: T) => void;
  hint?: ReactNode;
  testId?: string;
}) {
  const id = useId();
  return (
    <Field label={props.label} htmlFor={id} hint={props.hint}>
      <select
        id={id}
        value={props.value}
        data-testid={props.testId}
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
