/** The report of the last import: one row per entry with its line:column, kept until dismissed. */
import { dismissImport, useLastImport } from './importState';

const SYMBOL = { error: '●', warning: '▲', info: 'i' } as const;

export function ImportReport() {
  const last = useLastImport();
  if (!last) return null;
  const count = (severity: string, word: string) => {
    const n = last.report.filter((e) => e.severity === severity).length;
    return `${n} ${word}${n === 1 ? '' : 's'}`;
  };
  const title = last.applied
    ? `Imported ${last.source}`
    : `Not imported: ${last.source} has a syntax error (the project is unchanged)`;
  return (
    <section
      className={`config__report${last.applied ? '' : ' is-failed'}`}
      data-testid="import-report"
      aria-label="Import report"
    >
      <header className="config__report-head">
        <strong>{title}</strong>
        <span className="muted">
          {last.report.length === 0
            ? 'nothing left out'
            : `${count('error', 'error')} · ${count('warning', 'warning')} · ${count('info', 'note')}`}
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
