/**
 * The Config tab: a live preview of the project's EasyRec pipeline.config with Download and
 * Copy, and Import by file picker, drag-and-drop (anywhere on the window while this tab is
 * open) or paste. Export is refused while the project has validation errors, which are
 * listed instead of the preview.
 */
import { useRef, useState } from 'react';
import type { Problem } from '../../core/project/validate';
import type { Project } from '../../core/project/types';
import { samplesFiles, useDataStore } from '../../store/dataStore';
import { projectStore, useProjectStore } from '../../store/projectStore';
import { problemsOf } from '../problems';
import { ConfigPreview } from './ConfigPreview';
import { exportOf } from './configText';
import { ImportReport } from './ImportReport';
import { importConfigFile } from './importState';
import { PasteDialog } from './PasteDialog';
import { useFileDrop } from './useFileDrop';
import './config.css';

export const CONFIG_FILE_NAME = 'pipeline.config';

function download(text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = CONFIG_FILE_NAME;
  link.click();
  // The click starts the download synchronously; the URL is not needed after it.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export function ConfigPanel() {
  const project = useProjectStore((s) => s.project);
  const result = exportOf(project);
  const [pasting, setPasting] = useState(false);
  const [copied, setCopied] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const dragging = useFileDrop(importConfigFile);

  const copy = async (text: string) => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      projectStore.getState().setNotice({
        kind: 'error',
        message: 'The browser refused clipboard access; select the preview and copy it instead.',
      });
    }
  };

  return (
    <div className="config" data-testid="config-panel">
      <div className="config__actions">
        <span className="config__actions-label" id="config-export-label">
          Export
        </span>
        <div className="config__actions-row" role="group" aria-labelledby="config-export-label">
          <button
            type="button"
            className="btn btn-small btn-primary"
            disabled={!result.ok}
            onClick={() => result.ok && download(result.text)}
          >
            Download {CONFIG_FILE_NAME}
          </button>
          <button
            type="button"
            className="btn btn-small"
            disabled={!result.ok}
            onClick={() => result.ok && void copy(result.text)}
          >
            {copied ? 'Copied' : 'Copy'}
          </button>
        </div>
        <span className="config__actions-label" id="config-import-label">
          Import
        </span>
        <div className="config__actions-row" role="group" aria-labelledby="config-import-label">
          <button
            type="button"
            className="btn btn-small"
            onClick={() => fileInput.current?.click()}
          >
            Import file…
          </button>
          <button type="button" className="btn btn-small" onClick={() => setPasting(true)}>
            Paste…
          </button>
          <input
            ref={fileInput}
            type="file"
            hidden
            data-testid="config-file-input"
            aria-label="Import a pipeline.config file"
            accept=".config,.txt,.pbtxt,.prototxt,text/plain"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) void importConfigFile(file);
            }}
          />
        </div>
      </div>
      <p className="config__hint muted">
        Or drop a pipeline.config anywhere on the window while this tab is open.
      </p>
      {result.ok && <ConfigFiles project={project} />}
      <ImportReport />
      {result.ok && <TrainingOnlyWarnings problems={problemsOf(project)} />}
      {result.ok ? (
        <ConfigPreview text={result.text} />
      ) : (
        <ExportBlocked problems={result.problems} />
      )}
      {dragging && (
        <div className="config__drop" aria-hidden="true">
          Drop to import the config
        </div>
      )}
      {pasting && <PasteDialog onClose={() => setPasting(false)} />}
    </div>
  );
}

/** Where a path of the config comes from, in a few words. */
function origin(path: string, file: ReturnType<typeof samplesFiles>[number] | undefined): string {
  if (!file) return 'not a file loaded here';
  if (path === file.written) return `Data tab → Download ${file.role} samples`;
  if (path === file.source) return 'your file as loaded';
  return `not a file loaded here; the Data tab offers ${file.written}`;
}

/** One line: which files the exported config reads, and where to get them. */
function ConfigFiles(props: { project: Project }) {
  const train = useDataStore((s) => s.train);
  const validation = useDataStore((s) => s.validation);
  const schema = useDataStore((s) => s.schema);
  const files = samplesFiles({ train, validation, schema }, props.project);
  const { trainInputPath, evalInputPath } = props.project.data;
  const trainFile = files.find((f) => f.role === 'train');
  const evalFile = files.find((f) => f.role === 'validation');
  return (
    <p className="config__files" data-testid="config-files">
      Reads <code>{trainInputPath || '(no train path)'}</code> ({origin(trainInputPath, trainFile)})
      {evalInputPath ? (
        <>
          {' '}
          and <code>{evalInputPath}</code> ({origin(evalInputPath, evalFile)})
        </>
      ) : (
        ', no eval file'
      )}
      .
    </p>
  );
}

/** Sizes EasyRec trains on a cluster but a browser tab cannot hold: exported, not trained here. */
function TrainingOnlyWarnings(props: { problems: Problem[] }) {
  const warnings = props.problems.filter((p) => p.blocksTraining);
  if (warnings.length === 0) return null;
  return (
    <section className="config__warned" data-testid="export-warnings" aria-label="Export warnings">
      <strong>Exports for EasyRec as it is, but cannot train in the browser:</strong>
      <ul>
        {warnings.map((p, i) => (
          <li key={`${p.code}-${i}`}>
            <span className="report-entry__path">{p.code}</span> {p.message}
          </li>
        ))}
      </ul>
    </section>
  );
}

function ExportBlocked(props: { problems: Problem[] }) {
  return (
    <section className="config__blocked" data-testid="export-blocked" aria-label="Export blocked">
      <strong>
        Export is blocked by {props.problems.length}{' '}
        {props.problems.length === 1 ? 'error' : 'errors'}; fix them to see the config.
      </strong>
      <ul>
        {props.problems.map((p, i) => (
          <li key={`${p.code}-${i}`}>
            <span className="report-entry__path">{p.code}</span> {p.message}
          </li>
        ))}
      </ul>
    </section>
  );
}
