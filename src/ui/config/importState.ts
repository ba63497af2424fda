/**
 * The last config import: its source and report. Kept outside the panel so the report stays
 * visible after switching tabs; cleared when the user dismisses it.
 */
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { importConfig, type ReportEntry } from '../../core/easyrec';
import { withLayoutIfNeeded } from '../../core/project/layout';
import { projectStore } from '../../store/projectStore';

export interface LastImport {
  source: string;
  /** False when the text could not be parsed: the project was left as it was. */
  applied: boolean;
  report: ReportEntry[];
}

export const importStore = createStore<{ last: LastImport | null }>()(() => ({ last: null }));

export function useLastImport(): LastImport | null {
  return useStore(importStore, (s) => s.last);
}

export function dismissImport(): void {
  importStore.setState({ last: null });
}

/** Imports config text; a syntax error changes nothing, anything else is one undo step. */
export function importConfigText(text: string, source: string, projectName?: string): LastImport {
  const name = projectName ?? (source.replace(/\.[^.]*$/, '') || 'Imported config');
  const { project, report } = importConfig(text, { name });
  const last: LastImport = { source, applied: project !== null, report };
  importStore.setState({ last });
  const { replaceProject, setNotice } = projectStore.getState();
  if (!project) {
    const error = report[0];
    const where = error ? ` at line ${error.line}, column ${error.column}` : '';
    setNotice({
      kind: 'error',
      message: `${source} could not be read${where}: ${error?.message ?? 'syntax error'}. The project was not changed.`,
    });
    return last;
  }
  const count = (severity: ReportEntry['severity']) =>
    report.filter((e) => e.severity === severity).length;
  const summary =
    report.length === 0
      ? 'everything was imported'
      : `${count('error')} error(s), ${count('warning')} warning(s) in the import report`;
  replaceProject(
    withLayoutIfNeeded(project),
    `Imported ${source}: ${project.tasks.length} task(s); ${summary}.`,
  );
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
