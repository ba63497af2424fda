/** How the file was read: detected separator and header, shown and overridable; bad rows. */
import { useState } from 'react';
import { separatorName } from '../../core/data/dialect';
import { describeIssue } from '../../core/data/issues';
import { KNOWN_LAYOUTS } from '../../core/data/layouts';
import { dataStore, useDataStore } from '../../store/dataStore';
import { useProjectStore } from '../../store/projectStore';

const SEPARATORS = [',', '\t', ';', '|', ' '];

/** Cells read as missing, typed comma-separated (an empty cell always is). */
function MissingTokens(props: { current: string[] }) {
  const shown = props.current.filter((t) => t !== '').join(', ');
  const [text, setText] = useState(shown);
  const apply = () => {
    const tokens = [
      '',
      ...text
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t !== ''),
    ];
    if (tokens.join(',') !== props.current.join(','))
      void dataStore.getState().reread({ missingTokens: tokens });
  };
  return (
    <label className="field">
      <span className="field__label">Missing values (besides empty cells)</span>
      <span className="field__control">
        <input
          aria-label="Missing values"
          value={text}
          onChange={(e) => setText(e.target.value)}
          onBlur={apply}
          onKeyDown={(e) => {
            if (e.key === 'Enter') apply();
          }}
        />
      </span>
    </label>
  );
}

/** Names for a headerless file's columns, typed comma-separated (c0, c1, … by default). */
function RenameColumns(props: { current: string[] }) {
  const [text, setText] = useState(props.current.join(', '));
  const names = text
    .split(',')
    .map((n) => n.trim())
    .filter((n) => n !== '');
  const wrong = names.length !== props.current.length;
  return (
    <form
      className="field"
      onSubmit={(event) => {
        event.preventDefault();
        if (!wrong) void dataStore.getState().reread({ columnNames: names });
      }}
    >
      <span className="field__label">Rename columns (comma-separated)</span>
      <span className="field__control">
        <input
          aria-label="Column names, comma-separated"
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
        <button type="submit" className="btn btn-small" disabled={wrong}>
          Rename
        </button>
      </span>
      {wrong && (
        <span className="field__error">
          {names.length} names for {props.current.length} columns.
        </span>
      )}
    </form>
  );
}

export function DialectSection() {
  const train = useDataStore((s) => s.train);
  const choices = useDataStore((s) => s.choices);
  const reading = useDataStore((s) => s.reading);
  const projectFields = useProjectStore((s) => s.project.data.inputFields);
  const read = train?.read;
  if (!train || !read) return null;
  const { dialect, sniffed, issues } = read;
  const reread = dataStore.getState().reread;
  const width = train.table.columns.length;
  const hasBadRows = issues.some((i) => i.code === 'RAGGED_ROW' || i.code === 'GARBAGE');
  const names = choices.columnNames?.join(',') ?? '';
  const layouts = KNOWN_LAYOUTS;
  const projectNames = projectFields.map((f) => f.name);
  // A project whose input_fields came from a known layout shows under the layout's title.
  const layoutNames = layouts.map((l) => l.columns.join(','));

  return (
    <section className="section" aria-label="How the file is read">
      <div className="section__head">
        <h3>Reading</h3>
      </div>
      <div className="section__body">
        <div className="field-row">
          <label className="field">
            <span className="field__label">Separator</span>
            <span className="field__control">
              <select
                aria-label="Separator"
                value={dialect.separator}
                disabled={reading !== null}
                onChange={(e) => void reread({ dialect: { separator: e.target.value } })}
              >
                {SEPARATORS.map((s) => (
                  <option key={s} value={s}>
                    {separatorName(s)}
                  </option>
                ))}
              </select>
            </span>
          </label>
          <label className="field">
            <span className="field__label">Skip lines</span>
            <span className="field__control">
              <input
                type="number"
                min={0}
                aria-label="Skip lines"
                value={dialect.skipLines}
                onChange={(e) =>
                  void reread({ dialect: { skipLines: Math.max(0, Number(e.target.value) || 0) } })
                }
              />
            </span>
          </label>
        </div>
        <div className="data-checks">
          <label className="check">
            <input
              type="checkbox"
              checked={dialect.hasHeader}
              onChange={(e) => void reread({ dialect: { hasHeader: e.target.checked } })}
            />
            First line is a header
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={dialect.trim}
              onChange={(e) => void reread({ dialect: { trim: e.target.checked } })}
            />
            Trim spaces
          </label>
        </div>
        {!dialect.hasHeader && (
          <label className="field">
            <span className="field__label">Column names</span>
            <span className="field__control">
              <select
                aria-label="Column names"
                value={names}
                onChange={(e) =>
                  void reread({ columnNames: e.target.value ? e.target.value.split(',') : null })
                }
              >
                <option value="">c0, c1, … (rename in the table)</option>
                {projectNames.length > 0 && !layoutNames.includes(projectNames.join(',')) && (
                  <option value={projectNames.join(',')}>
                    From the project's input_fields ({projectNames.length}
                    {projectNames.length === width ? '' : `, file has ${width}`})
                  </option>
                )}
                {layouts.map((l) => (
                  <option key={l.id} value={l.columns.join(',')}>
                    {l.title}
                  </option>
                ))}
              </select>
            </span>
          </label>
        )}
        {!dialect.hasHeader && read.namesFrom === 'fields' && (
          <p className="muted" data-testid="names-from-fields">
            No header: the {width} columns take the names of the project's input_fields.
          </p>
        )}
        {!dialect.hasHeader && (
          <RenameColumns
            key={train.table.columns.map((c) => c.name).join(',')}
            current={train.table.columns.map((c) => c.name)}
          />
        )}
        <MissingTokens key={choices.missingTokens.join(',')} current={choices.missingTokens} />
        <ul className="data-evidence">
          {sniffed.evidence.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
        {issues.length > 0 && (
          <ul className="data-issues" aria-label="Problems while reading">
            {issues.map((issue) => (
              <li key={`${issue.code}-${issue.column ?? ''}`} className={`is-${issue.severity}`}>
                <span className="data-issues__code">{issue.code}</span> {describeIssue(issue)}
              </li>
            ))}
          </ul>
        )}
        {(hasBadRows || choices.onBadRow === 'stop') && (
          <fieldset className="data-choice">
            <legend>Bad rows</legend>
            <label className="check">
              <input
                type="radio"
                name="bad-rows"
                checked={choices.onBadRow === 'skip'}
                onChange={() => void reread({ onBadRow: 'skip' })}
              />
              Skip them and go on
            </label>
            <label className="check">
              <input
                type="radio"
                name="bad-rows"
                checked={choices.onBadRow === 'stop'}
                onChange={() => void reread({ onBadRow: 'stop' })}
              />
              Stop at the first one
            </label>
          </fieldset>
        )}
      </div>
    </section>
  );
}
