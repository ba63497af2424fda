/**
 * The last config import: its source and report. Kept outside the panel so the report stays
 * visible after switching tabs; cleared when the user dismisses it.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { importConfig, type ReportEntry } from '../../core/easyrec';
import { withLayoutIfNeeded } from '../../core/project/layout';
import { projectStore } from '../../store/projectStore';
import { exportOf } from './configText';

export interface LastImport {
  source: string;
  /** False when the import was refused (see `refusal`): the project was left as it was. */
  applied: boolean;
  /** Why the import was refused, one sentence; null when applied. */
  refusal: string | null;
  report: ReportEntry[];
}

export const importStore = createStore<{ last: LastImport | null }>()(() => ({ last: null }));

export function useLastImport(): LastImport | null {
  return useStore(importStore, (s) => s.last);
}

export function dismissImport(): void {
  importStore.setState({ last: null });
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** File names that say nothing about the model: `pipeline.config`, `config.txt`, `model.pbtxt`. */
const GENERIC_NAME =
  /^(pipeline|config|easyrec|easy_rec|model|train|export|dbmtl|untitled|new)([ _.-]*(config|pipeline|\(\d+\)|\d+))*$/i;

/**
 * The project name a config file's name gives: the name without its extension, or undefined
 * for a generic name (`pipeline.config`, `pipeline (1).config`, `config.txt`), which leaves the
 * name to the config's model_dir as for pasted text.
 */
export function projectNameOfFile(fileName: string): string | undefined {
  const stem = fileName.replace(/\.[^.]*$/, '').trim();
  return stem === '' || GENERIC_NAME.test(stem) ? undefined : stem;
}

/**
 * Imports config text. A refused import (see core/easyrec/import.ts for the rule) changes
 * nothing; anything else replaces the project as one undo step. The notice is an error
 * whenever the report holds errors, and says what they mean for export now.
 */
export function importConfigText(
  text: string,
  source: string,
  projectName?: string | null,
): LastImport {
  // null: no file name to go by (pasted text), or a generic one (pipeline.config): the
  // config's model_dir names the project.
  const name = projectName === null ? undefined : (projectName ?? projectNameOfFile(source));
  const { project, report, refusal } = importConfig(text, name ? { name } : {});
  const last: LastImport = { source, applied: project !== null, refusal, report };
  importStore.setState({ last });
  const store = projectStore.getState();
  if (!project) {
    store.setNotice({
      kind: 'error',
      message: `${source} was not imported: ${refusal ?? 'it cannot be read.'} The project was not changed.`,
    });
    return last;
  }
  const count = (severity: ReportEntry['severity']) =>
    report.filter((e) => e.severity === severity).length;
  const laidOut = withLayoutIfNeeded(project);
  const message = `Imported ${source}: ${plural(project.tasks.length, 'task')}; ${
    report.length === 0
      ? 'everything was imported'
      : `the import report lists ${plural(count('error'), 'error')}, ${plural(count('warning'), 'warning')}`
  }.`;
  store.replaceProject(laidOut, message);
  const blocking = exportOf(laidOut);
  if ((count('error') > 0 || !blocking.ok) && projectStore.getState().project === laidOut) {
    // Errors stay visible until dismissed, and say whether export waits for a fix.
    const now = blocking.ok
      ? 'the project exports as it is (a re-export fixes them; see the Config tab)'
      : `export is blocked by ${plural(blocking.problems.length, 'error')} in the project until fixed (see the Config tab)`;
    store.setNotice({ kind: 'error', message: `${message.replace(/\.$/, '')}; ${now}.` });
  }
  return last;
}

/** Sample files belong to the Data tab; a config is never one of these. */
export function isDataFileName(name: string): boolean {
  return /\.(csv|tsv|gz|parquet)$/i.test(name);
}

/** Reads a dropped or picked file and imports it; a data file is sent to the Data tab. */
export async function importConfigFile(file: File): Promise<void> {
  if (isDataFileName(file.name)) {
    projectStore.getState().setNotice({
      kind: 'error',
      message: `${file.name} looks like a data file, not a pipeline.config; load it in the Data tab.`,
    });
    return;
  }
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    projectStore
      .getState()
      .setNotice({ kind: 'error', message: `Could not read ${file.name}: ${detail}.` });
    return;
  }
  importConfigText(text, file.name);
}
