/** Where the samples come from: the demo, or a dropped / picked train and validation file. */
import { useMemo, useState, type DragEvent } from 'react';
import { tableToCsv } from '../../core/data/csv';
import { demoProject, generateDemoTable } from '../../core/data/demo';
import { describeIssue } from '../../core/data/issues';
import {
  dataStore,
  samplesCsv,
  samplesFiles,
  useDataStore,
  type DataRole,
} from '../../store/dataStore';
import { projectStore, useProjectStore } from '../../store/projectStore';
import { formatBytes, formatCount } from './format';

function FileButton(props: { role: DataRole; label: string }) {
  return (
    <label className="btn btn-small data-file">
      {props.label}
      <input
        type="file"
        aria-label={props.role === 'train' ? 'Train file' : 'Validation file'}
        accept=".csv,.tsv,.txt,.gz,.data,.test,text/*,application/gzip"
        onChange={(event) => {
          const file = event.target.files?.[0];
          event.target.value = '';
          if (file) void dataStore.getState().loadFile(file, props.role);
        }}
      />
    </label>
  );
}

function downloadText(text: string, name: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function downloadDemoCsv() {
  const train = dataStore.getState().train;
  downloadText(
    tableToCsv(train?.source === 'demo' ? train.table : generateDemoTable()),
    'live_demo.csv',
  );
}

/** The loaded samples as the exported config declares them (columns, order, header, separator). */
function downloadSamples(role: DataRole, name: string) {
  const text = samplesCsv(dataStore.getState(), projectStore.getState().project, role);
  if (text !== null) downloadText(text, name);
}

/**
 * The files an exported config reads: per loaded file, whether EasyRec can read it as the
 * config says, and the samples file the app writes in the config's layout.
 */
function ForEasyRec() {
  const project = useProjectStore((s) => s.project);
  const train = useDataStore((s) => s.train);
  const validation = useDataStore((s) => s.validation);
  const schema = useDataStore((s) => s.schema);
  const files = useMemo(
    () => samplesFiles({ train, validation, schema }, project),
    [train, validation, schema, project],
  );
  if (files.length === 0) return null;
  return (
    <div className="samples-files" data-testid="samples-files" aria-label="Files for EasyRec">
      <strong>Files for the exported config</strong>
      <ul>
        {files.map((file) => {
          const key = file.role === 'train' ? 'train_input_path' : 'eval_input_path';
          const named =
            file.role === 'train' ? project.data.trainInputPath : project.data.evalInputPath;
          return (
            <li key={file.role}>
              <span>
                {key}: <code>{named || '(none)'}</code>
              </span>
              <span className="muted">
                {file.reasons.length === 0
                  ? `${file.source} fits the config as it is.`
                  : `${file.source} does not fit the config as it is (${file.reasons.join('; ')}).`}
              </span>
              <button
                type="button"
                className="btn btn-small"
                title="The samples as the app reads them, in the layout of the exported config: its input_fields in order, its separator, a header line only if with_header is true"
                onClick={() => downloadSamples(file.role, file.written)}
              >
                Download {file.role === 'train' ? 'train' : 'validation'} samples ({file.written})
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function SourceSection() {
  const train = useDataStore((s) => s.train);
  const validation = useDataStore((s) => s.validation);
  const reading = useDataStore((s) => s.reading);
  const error = useDataStore((s) => s.error);
  const pending = useDataStore((s) => s.pending);
  const [over, setOver] = useState(false);

  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file) void dataStore.getState().loadFile(file, 'train');
  };

  return (
    <section className="section" aria-label="Samples">
      <div className="section__head">
        <h3>Samples</h3>
      </div>
      <div className="section__body">
        <div
          className={`drop-zone${over ? ' is-over' : ''}`}
          data-testid="drop-zone"
          onDragOver={(event) => {
            event.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={onDrop}
        >
          <strong>Drop a CSV, TSV or .gz file here</strong>
          <span className="muted">Separator and header are detected; you can change them.</span>
          <div className="data-buttons">
            <FileButton role="train" label="Open train file…" />
            <FileButton role="validation" label="Validation file…" />
          </div>
        </div>
        {reading && (
          <div className="read-progress" role="status" aria-label="Reading progress">
            <div className="read-progress__line">
              <span>
                Reading {reading.name}: {formatBytes(reading.bytesRead)}
                {reading.totalBytes ? ` of ${formatBytes(reading.totalBytes)}` : ''}
              </span>
              <button
                type="button"
                className="btn btn-small"
                onClick={() => dataStore.getState().cancel()}
              >
                Cancel
              </button>
            </div>
            {reading.estimate && (
              <span className="muted" data-testid="memory-forecast">
                About {formatCount(reading.estimate.rows)} rows:{' '}
                {formatBytes(reading.estimate.lowBytes)} to{' '}
                {formatBytes(reading.estimate.highBytes)} in memory
                {reading.estimate.rough ? ' (gzip: a rough guess)' : ''}.
              </span>
            )}
            <progress
              max={reading.totalBytes ?? 1}
              value={reading.totalBytes ? reading.bytesRead : undefined}
            />
          </div>
        )}
        {error && (
          <p className="data-error" role="alert">
            {error}
          </p>
        )}
        {pending && (
          <div className="data-pending" role="alert" aria-label="File held back">
            <p>{pending.message}</p>
            <div className="data-buttons">
              <button
                type="button"
                className="btn btn-small"
                onClick={() => dataStore.getState().replaceWithPending()}
              >
                {"Replace the project's features with this file's columns"}
              </button>
              <button
                type="button"
                className="btn btn-small btn-primary"
                onClick={() => dataStore.getState().keepProject()}
              >
                Keep my project
              </button>
            </div>
          </div>
        )}
        {train && (
          <p className="data-loaded" data-testid="data-loaded">
            <strong>{train.name}</strong> · {formatCount(train.table.numRows)}{' '}
            {train.table.numRows === 1 ? 'row' : 'rows'} · {train.table.columns.length} columns
            {train.size > 0 && ` · ${formatBytes(train.size)}`}
            {train.read?.gzip && ' · gzip'}
          </p>
        )}
        {validation && (
          <p className="data-loaded" data-testid="data-validation">
            Validation: <strong>{validation.name}</strong> · {formatCount(validation.table.numRows)}{' '}
            {validation.table.numRows === 1 ? 'row' : 'rows'}{' '}
            <button
              type="button"
              className="btn btn-small"
              onClick={() => dataStore.getState().clearValidation()}
            >
              Remove
            </button>
          </p>
        )}
        {validation?.read && validation.read.issues.length > 0 && (
          <ul className="data-issues" aria-label="Problems while reading the validation file">
            {validation.read.issues.map((issue) => (
              <li key={`${issue.code}-${issue.column ?? ''}`} className={`is-${issue.severity}`}>
                <span className="data-issues__code">{issue.code}</span> {describeIssue(issue)}
              </li>
            ))}
          </ul>
        )}
        <ForEasyRec />
        <div className="data-buttons">
          {train?.source !== 'demo' && (
            <button
              type="button"
              className="btn btn-small"
              onClick={() => dataStore.getState().loadDemo()}
            >
              Load demo data
            </button>
          )}
          <button
            type="button"
            className="btn btn-small"
            title="The live-streaming model on the demo columns, with the demo data (Undo brings your project back; your file can be opened again)"
            onClick={() => {
              const demoData = train?.source === 'demo';
              const other = demoData ? undefined : train?.name;
              projectStore
                .getState()
                .replaceProject(
                  demoProject(),
                  `Demo project and demo data: the live-streaming model on the demo columns.${other ? ` ${other} was set aside; open it again to go back to it.` : ''}`,
                );
              // The demo project reads the demo columns: another file's samples would leave it
              // nothing to train on.
              if (!demoData) dataStore.getState().loadDemo();
            }}
          >
            Use demo project and data
          </button>
          <button type="button" className="btn btn-small" onClick={downloadDemoCsv}>
            Download demo CSV
          </button>
        </div>
      </div>
    </section>
  );
}
