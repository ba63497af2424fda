/** The report of the last import: one row per entry with its line:column, kept until dismissed. */
import type { Project } from '../../core/project/types';
import { useProjectStore } from '../../store/projectStore';
import { exportOf } from './configText';
import { dismissImport, useLastImport } from './importState';

const SYMBOL = { error: '●', warning: '▲', info: 'i' } as const;

export function ImportReport() {
  const last = useLastImport();
  const project = useProjectStore((s) => s.project);
  if (!last) return null;
  const count = (severity: string, word: string) => {
    const n = last.report.filter((e) => e.severity === severity).length;
    return `${n} ${word}${n === 1 ? '' : 's'}`;
  };
  const errors = last.report.filter((e) => e.severity === 'error').length;
  const title = last.applied ? `Imported ${last.source}` : `Not imported: ${last.source}`;
  return (
    <section
      className={`config__report${last.applied ? (errors > 0 ? ' has-errors' : '') : ' is-failed'}`}
      data-testid="import-report"
      aria-label="Import report"
    >
      <header className="config__report-head">
        <strong>{title}</strong>
        <span className="muted">
          {last.report.length === 0
            ? 'nothing left out'
            : `in the file: ${count('error', 'error')} · ${count('warning', 'warning')} · ${count('info', 'note')}`}
        </span>
        <button
          type="button"
          className="btn-icon"
          aria-label="Dismiss import report"
          onClick={dismissImport}
        >
          ×
        </button>
      </header>
      {last.applied ? (
        <ProjectNow project={project} fileErrors={errors} />
      ) : (
        <p className="config__report-why" data-testid="import-refusal">
          {last.refusal} The project was not changed.
        </p>
      )}
      {last.report.length > 0 && (
        <ol className="config__report-list">
          {last.report.map((entry, i) => (
            <li key={i} className={`report-entry is-${entry.severity}`} data-testid="report-entry">
              <span
                className="report-entry__sev"
                aria-label={entry.severity}
                title={entry.severity}
              >
                {SYMBOL[entry.severity]}
              </span>
              <span className="report-entry__pos">
                {entry.line > 0 ? `${entry.line}:${entry.column}` : '—'}
              </span>
              <span className="report-entry__body">
                {entry.path !== '' && <code className="report-entry__path">{entry.path}</code>}
                <span>{entry.message}</span>
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * The report counts errors in the file as written (what EasyRec would do with it); export
 * depends on the project as it is now. Saying both keeps the two numbers from disagreeing
 * without explanation.
 */
function ProjectNow(props: { project: Project; fileErrors: number }) {
  const result = exportOf(props.project);
  if (result.ok && props.fileErrors === 0) return null;
  const n = result.ok ? 0 : result.problems.length;
  const file =
    props.fileErrors > 0
      ? 'These are errors of the file as written.'
      : 'The file has no errors EasyRec would refuse.';
  return (
    <p className="config__report-now" data-testid="import-project-now">
      {file}{' '}
      {result.ok
        ? 'The project now has none: the export below writes a config EasyRec accepts.'
        : `The project now has ${n} ${n === 1 ? 'error that blocks' : 'errors that block'} export (listed under "Export is blocked"); fix them in the graph.`}
    </p>
  );
}
