/**
 * "Value equals": a binary label made from another column (marital-status = Never-married),
 * and the project's derived labels, each with Remove: one the loaded samples cannot take (no
 * source column) stays in the project, listed as not applied, until the user removes it.
 */
import { useState, type FormEvent } from 'react';
import type { Schema } from '../../core/data/schema';
import type { DerivedRule } from '../../core/project/types';
import { dataStore, useDataStore } from '../../store/dataStore';
import { useProjectStore } from '../../store/projectStore';
import { taskNameFor } from './format';

/** Why the loaded samples do not get this rule's column, or null when they do. */
function notApplied(rule: DerivedRule, schema: Schema): string | null {
  if (schema.columns.some((c) => c.derived && c.name === rule.name)) return null;
  return schema.columns.some((c) => c.name === rule.name)
    ? `not applied: the samples have their own column ${rule.name}`
    : `not applied: the samples have no column ${rule.source}`;
}

function DerivedList({ schema }: { schema: Schema }) {
  const rules = useProjectStore((s) => s.project.data.derivedLabels);
  if (rules.length === 0) return null;
  return (
    <ul className="derived-list" aria-label="Derived labels of the project">
      {rules.map((rule) => {
        const why = notApplied(rule, schema);
        return (
          <li key={rule.name}>
            <span>
              <code>{rule.name}</code> = 1 where {rule.source} is {rule.value}
              {why && <span className="muted"> ({why})</span>}
            </span>
            <button
              type="button"
              className="btn btn-small"
              aria-label={`Remove derived label ${rule.name}`}
              onClick={() => dataStore.getState().removeDerived(rule.name)}
            >
              Remove
            </button>
          </li>
        );
      })}
    </ul>
  );
}

export function DerivedLabelForm() {
  const schema = useDataStore((s) => s.schema);
  const [source, setSource] = useState('');
  const [value, setValue] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  if (!schema) return null;
  const candidates = schema.columns.filter(
    (c) => !c.derived && c.stats.distinct >= 2 && c.stats.distinct <= 200,
  );
  const chosen = candidates.find((c) => c.name === source) ?? candidates[0];
  const values = chosen?.stats.top.map((t) => t.value) ?? [];
  const chosenValue = values.includes(value) ? value : (values[0] ?? '');

  const defaultName = chosen ? `${chosen.name}_is_${chosenValue}`.toLowerCase() : '';

  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    if (!chosen) return;
    const column = taskNameFor(
      name.trim() || defaultName,
      schema.columns.map((c) => c.name),
    );
    const problem = dataStore
      .getState()
      .addDerived({ kind: 'equals', name: column, source: chosen.name, value: chosenValue });
    setError(problem);
    if (!problem) setName('');
  };

  return (
    <section className="section" aria-label="Derived label">
      <div className="section__head">
        <h3>Derived label</h3>
      </div>
      <form className="section__body" onSubmit={onSubmit}>
        <p className="field__hint">
          A 0/1 label: 1 where a column equals a value (e.g. income = &gt;50K).
        </p>
        <DerivedList schema={schema} />
        <div className="field-row">
          <label className="field">
            <span className="field__label">Column</span>
            <span className="field__control">
              <select
                aria-label="Derive from column"
                value={chosen?.name ?? ''}
                onChange={(e) => setSource(e.target.value)}
              >
                {candidates.map((c) => (
                  <option key={c.name}>{c.name}</option>
                ))}
              </select>
            </span>
          </label>
          <label className="field">
            <span className="field__label">equals</span>
            <span className="field__control">
              <select
                aria-label="Derive when equal to"
                value={chosenValue}
                onChange={(e) => setValue(e.target.value)}
              >
                {values.map((v) => (
                  <option key={v}>{v}</option>
                ))}
              </select>
            </span>
          </label>
        </div>
        <label className="field">
          <span className="field__label">Name of the new column</span>
          <span className="field__control">
            <input
              aria-label="Derived label name"
              value={name}
              placeholder={taskNameFor(defaultName, [])}
              onChange={(e) => setName(e.target.value)}
            />
          </span>
        </label>
        <div>
          <button type="submit" className="btn btn-small" disabled={!chosen}>
            Add label column
          </button>
        </div>
        {error && <p className="field__error">{error}</p>}
      </form>
    </section>
  );
}
