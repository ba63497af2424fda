/** Which rows are held out for evaluation: a seeded fraction, a column value, or a file. */
import type { Schema } from '../../core/data/schema';
import type { SplitSpec } from '../../core/data/split';
import { dataStore } from '../../store/dataStore';

const FRACTIONS = [0.1, 0.2, 0.3];

/** Columns with a few values (a day, a region) make sensible held-out groups. */
function groupColumns(schema: Schema | null) {
  return (schema?.columns ?? []).filter(
    (c) => !c.derived && c.stats.distinct >= 2 && c.stats.distinct <= 31,
  );
}

export function SplitField(props: {
  split: SplitSpec;
  schema: Schema | null;
  seed: number;
  hasValidation: boolean;
}) {
  const { split, schema, seed } = props;
  const set = dataStore.getState().setSplit;
  const groups = groupColumns(schema);
  const byColumn = (name: string) => {
    const column = groups.find((c) => c.name === name) ?? groups[0];
    if (!column) return;
    // The largest value of a numeric column (the latest day) is the natural one to hold out.
    const values = column.stats.top.map((t) => t.value);
    const numeric = column.stats.numeric === column.stats.count - column.stats.missing;
    const latest = numeric
      ? values.reduce((a, b) => (Number(b) > Number(a) ? b : a))
      : values[values.length - 1]!;
    set({ kind: 'column', column: column.name, values: [latest] });
  };
  const kindValue = split.kind === 'random' ? String(split.fraction) : split.kind;
  return (
    <div className="field">
      <span className="field__label">Held out for evaluation</span>
      <span className="field__control">
        <select
          aria-label="Held-out split"
          value={kindValue}
          onChange={(e) => {
            const v = e.target.value;
            if (v === 'none' || v === 'file') set({ kind: v });
            else if (v === 'column') byColumn('day');
            else set({ kind: 'random', fraction: Number(v), seed });
          }}
        >
          {FRACTIONS.map((f) => (
            <option key={f} value={String(f)}>
              {f * 100}% of rows, seeded
            </option>
          ))}
          {groups.length > 0 && <option value="column">rows with a column value</option>}
          {props.hasValidation && <option value="file">the validation file</option>}
          <option value="none">nothing</option>
        </select>
      </span>
      {split.kind === 'column' && (
        <span className="field__control">
          <select
            aria-label="Held-out column"
            value={split.column}
            onChange={(e) => byColumn(e.target.value)}
          >
            {groups.map((c) => (
              <option key={c.name}>{c.name}</option>
            ))}
          </select>
          =
          <select
            aria-label="Held-out value"
            value={split.values[0] ?? ''}
            onChange={(e) => set({ ...split, values: [e.target.value] })}
          >
            {(groups.find((c) => c.name === split.column)?.stats.top ?? []).map((t) => (
              <option key={t.value}>{t.value}</option>
            ))}
          </select>
        </span>
      )}
    </div>
  );
}
