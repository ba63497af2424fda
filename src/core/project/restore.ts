/**
 * Opening a saved project file in two steps: parse the JSON, then restore it into a complete
 * project (fill defaults for missing fields, refuse wrong types and unknown enum values). A
 * broken or newer file is refused with a message that says what and where; nothing is
 * half-loaded. The app's Open, its browser storage and the CLI all come through here.
 */
import { newTaskId } from './defaults';
import { readProject } from './projectShape';
import { at, isRecord, ShapeError, type ReadLog } from './readers';
import { PROJECT_FORMAT_VERSION, type Project, type Task } from './types';

/** What the saved file looks like: the project plus a marker, so other JSON is refused. */
export const PROJECT_FILE_KIND = 'dbmtl-studio-project';

export interface ProjectFile {
  kind: typeof PROJECT_FILE_KIND;
  version: number;
  project: Project;
}

/**
 * A restored project, with notes on what was repaired (defaults filled, fields ignored), or
 * the reason the input was refused.
 */
export type RestoreResult =
  { ok: true; project: Project; notes: string[] } | { ok: false; message: string };

export function toProjectFile(project: Project): ProjectFile {
  return { kind: PROJECT_FILE_KIND, version: PROJECT_FORMAT_VERSION, project };
}

export function serializeProject(project: Project): string {
  return `${JSON.stringify(toProjectFile(project), null, 2)}\n`;
}

function fail(message: string): RestoreResult {
  return { ok: false, message };
}

/** Parses and restores the text of a project file. `source` names the file in messages. */
export function parseProjectFile(text: string, source = 'project file'): RestoreResult {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return fail(`${source} is not valid JSON: ${withLineColumn(detail, text)}.`);
  }
  return restoreProjectFile(data, source);
}

/**
 * JSON.parse names a character offset ("at position 512"); an editor wants line and column.
 * Engines that already give them ("(line 20 column 5)") are left alone.
 */
function withLineColumn(detail: string, text: string): string {
  const match = /at position (\d+)(?! \(line)/.exec(detail);
  if (!match) return detail;
  const before = text.slice(0, Number(match[1]));
  const line = before.split('\n').length;
  const column = before.length - before.lastIndexOf('\n');
  return `${detail} (line ${line}, column ${column})`;
}

export function restoreProjectFile(data: unknown, source = 'project file'): RestoreResult {
  if (!isRecord(data) || data.kind !== PROJECT_FILE_KIND) {
    return fail(
      `${source} is not a DBMTL Studio project (expected "kind": "${PROJECT_FILE_KIND}").`,
    );
  }
  const version = data.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail(`${source}: "version" must be a whole number, found ${JSON.stringify(version)}.`);
  }
  if (version > PROJECT_FORMAT_VERSION) {
    return fail(
      `${source} was saved by a newer DBMTL Studio (format ${version}; this one reads up to ${PROJECT_FORMAT_VERSION}).`,
    );
  }
  return restoreProject(data.project, source);
}

/**
 * Checks every field of a project-shaped object against the project model. A wrong type or
 * an unknown enum value refuses it, with the task (or section) and the field named; missing
 * fields get the defaults of a new project and are listed in `notes`, as are ignored fields.
 */
export function restoreProject(raw: unknown, source = 'project'): RestoreResult {
  if (!isRecord(raw)) return fail(`${source}: "project" must be an object.`);
  const log: ReadLog = { missing: [], unknown: [] };
  let project: Project;
  try {
    project = readProject(raw, at(''), log);
  } catch (error) {
    if (error instanceof ShapeError) return fail(`${source}: ${error.message}.`);
    throw error;
  }
  const notes = [
    ...listNote('Filled defaults for missing fields', log.missing),
    ...listNote('Ignored unknown fields', log.unknown),
    ...repairDuplicateIds(project.tasks),
  ];
  return { ok: true, project: { ...project, version: PROJECT_FORMAT_VERSION }, notes };
}

/** How many field names a note lists before "and N more". */
const NOTE_NAMES = 6;

function listNote(title: string, names: readonly string[]): string[] {
  if (names.length === 0) return [];
  const shown = names.slice(0, NOTE_NAMES).join('; ');
  const more = names.length > NOTE_NAMES ? ` and ${names.length - NOTE_NAMES} more` : '';
  return [`${title}: ${shown}${more}.`];
}

/** Task ids key the canvas and the selection; a copied task must not share one. */
function repairDuplicateIds(tasks: Task[]): string[] {
  const seen = new Set<string>();
  const notes: string[] = [];
  for (const task of tasks) {
    if (seen.has(task.id)) {
      notes.push(`task "${task.name}": its id repeated another task's; it was given a new one.`);
      task.id = newTaskId();
    }
    seen.add(task.id);
  }
  return notes;
}
