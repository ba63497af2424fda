/** Label sanity for the project's tasks, the held-out split and the memory estimate. */
import { useMemo } from 'react';
import { estimateEncodedBytes } from '../../core/data/encode';
import { withDerived } from '../../core/data/derived';
import { checkLabels, edgeKey, type Finding, type FindingCode } from '../../core/data/sanity';
import { tableBytes } from '../../core/data/table';
import {
  dataStore,
  derivedRules,
  labelInfoOf,
  trainTable,
  useDataStore,
} from '../../store/dataStore';
import { projectStore, useProjectStore } from '../../store/projectStore';
import { formatBytes, formatCount } from './format';
import { SplitField } from './SplitField';

function FindingRow(props: { finding: Finding; dropped: boolean }) {
  const { finding: f, dropped } = props;
  const key = f.parent ? edgeKey(f.parent, f.task) : '';
  const toggleDrop = (on: boolean) => {
    const edges = dataStore.getState().dropEdges.filter((e) => e !== key);
    dataStore.getState().setDropEdges(on ? [...edges, key] : edges);
  };
  return (
    <li className={`is-${f.severity}`} data-code={f.code}>
      <span className="data-issues__code">{f.code}</span> {f.message}
      {f.firstLines && f.firstLines.length > 0 && (
        <span className="muted"> (lines {f.firstLines.join(', ')}…)</span>
      )}
      {f.code === 'CHAIN_VIOLATION' && (
        <label className="check">
          <input type="checkbox" checked={dropped} onChange={(e) => toggleDrop(e.target.checked)} />
          Drop these rows before training
        </label>
      )}
      {f.code === 'REGRESSION_SCALE' &&
        f.suggestedWeight !== undefined &&
        f.severity !== 'info' && (
          <button
            type="button"
            className="btn btn-small"
            onClick={() =>
              projectStore
                .getState()
                .apply({ type: 'updateTask', name: f.task, patch: { weight: f.suggestedWeight! } })
            }
          >
            Use weight {f.suggestedWeight}
          </button>
        )}
    </li>
  );
}

/** What the held-out file's labels say: how each task's label reads there. */
const HELD_OUT_CODES: readonly FindingCode[] = [
  'POSITIVE_RATE',
  'CONSTANT_LABEL',
  'FEW_POSITIVES',
  'LABEL_UNREADABLE',
];

/**
 * The tasks' labels in the validation file, read with the train file's label mapping
 * (adult.test writes `>50K.` where adult.data has `>50K`): its positive rates show the mapping
 * held, and unreadable values are named before a run evaluates on them.
 */
function HeldOutChecks() {
  const validation = useDataStore((s) => s.validation);
  const schema = useDataStore((s) => s.schema);
  const split = useDataStore((s) => s.split);
  const project = useProjectStore((s) => s.project);
  const { tasks, features } = project;
  const findings = useMemo(() => {
    if (!validation) return [];
    const table = withDerived(validation.table, derivedRules(schema));
    return checkLabels({ ...project, tasks, features }, table, labelInfoOf(schema)).findings.filter(
      (f) => HELD_OUT_CODES.includes(f.code),
    );
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [validation, schema, tasks, features]);
  if (!validation || split.kind !== 'file' || findings.length === 0) return null;
  return (
    <>
      <p className="field__label">Held out ({validation.name})</p>
      <ul className="data-issues" aria-label="Held-out label findings">
        {findings.map((f, i) => (
          <li key={`${f.code}-${f.task}-${i}`} className={`is-${f.severity}`} data-code={f.code}>
            <span className="data-issues__code">{f.code}</span>{' '}
            {f.message.replace('left out of training', 'left out of the evaluation')}
            {f.firstLines && f.firstLines.length > 0 && (
              <span className="muted"> (lines {f.firstLines.join(', ')}…)</span>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

export function FindingsSection() {
  const train = useDataStore((s) => s.train);
  const schema = useDataStore((s) => s.schema);
  const dropEdges = useDataStore((s) => s.dropEdges);
  const split = useDataStore((s) => s.split);
  const validation = useDataStore((s) => s.validation);
  const project = useProjectStore((s) => s.project);
  const { tasks, features } = project;

  const report = useMemo(() => {
    const table = trainTable({ train, schema });
    return table ? checkLabels({ ...project, tasks, features }, table, labelInfoOf(schema)) : null;
    // Only the tasks, features and data matter; other project edits do not re-run the checks.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [train, schema, tasks, features]);
  if (!train || !report) return null;

  const tagItems = Object.fromEntries(
    (schema?.columns ?? []).flatMap((c) => (c.stats.tag ? [[c.name, c.stats.tag.maxItems]] : [])),
  );
  const held = split.kind === 'random' ? split.fraction : null;
  const heldRows =
    split.kind === 'column'
      ? (schema?.columns
          .find((c) => c.name === split.column)
          ?.stats.top.filter((t) => split.values.includes(t.value))
          .reduce((a, t) => a + t.count, 0) ?? 0)
      : null;
  const numRows = train.table.numRows;
  const table = tableBytes(train.table);
  const encoded = estimateEncodedBytes(project, numRows, tagItems);

  return (
    <section className="section" aria-label="Label checks">
      <div className="section__head">
        <h3>Label checks</h3>
      </div>
      <div className="section__body">
        {report.findings.length === 0 ? (
          <p className="muted">No task reads a column of this data yet.</p>
        ) : (
          <ul className="data-issues" aria-label="Label findings">
            {report.findings.map((f, i) => (
              <FindingRow
                key={`${f.code}-${f.task}-${f.parent ?? f.column ?? i}`}
                finding={f}
                dropped={dropEdges.includes(f.parent ? edgeKey(f.parent, f.task) : '')}
              />
            ))}
          </ul>
        )}
        <HeldOutChecks />
        <SplitField
          split={split}
          schema={schema}
          seed={project.train.seed}
          hasValidation={validation !== null}
        />
        <p className="data-memory" data-testid="memory-estimate">
          Memory: samples {formatBytes(table)} + encoded {formatBytes(encoded)}
          {held !== null &&
            ` (${Math.round((1 - held) * 100)}% train / ${Math.round(held * 100)}% held out)`}
          {heldRows !== null && ` (${formatCount(heldRows)} rows held out)`}
        </p>
      </div>
    </section>
  );
}
