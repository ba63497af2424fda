/**
 * Opening a saved project file in two steps: parse the JSON, then restore it into a complete
 * project (fill defaults for missing fields, reject what cannot be repaired). A broken or
 * newer file is refused with a message that says what and where; nothing is half-loaded.
 */
import {
  defaultDataSettings,
  defaultModelSettings,
  defaultTrainSettings,
  makeFeature,
  makeTask,
} from './defaults';
import { PROJECT_FORMAT_VERSION, type Project } from './types';

/** What the saved file looks like: the project plus a marker, so other JSON is refused. */
export const PROJECT_FILE_KIND = 'dbmtl-studio-project';

export interface ProjectFile {
  kind: typeof PROJECT_FILE_KIND;
  version: number;
  project: Project;
}

export type RestoreResult = { ok: true; project: Project } | { ok: false; message: string };

export function toProjectFile(project: Project): ProjectFile {
  return { kind: PROJECT_FILE_KIND, version: PROJECT_FORMAT_VERSION, project };
}

export function serializeProject(project: Project): string {
  return `${JSON.stringify(toProjectFile(project), null, 2)}\n`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
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
    return fail(`${source} is not valid JSON: ${detail}.`);
  }
  return restoreProjectFile(data, source);
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

/** Fills defaults into a project-shaped object; refuses one whose structure is wrong. */
export function restoreProject(raw: unknown, source = 'project'): RestoreResult {
  if (!isRecord(raw)) return fail(`${source}: "project" must be an object.`);
  if (!Array.isArray(raw.tasks)) return fail(`${source}: "project.tasks" must be a list.`);
  if (raw.features !== undefined && !Array.isArray(raw.features)) {
    return fail(`${source}: "project.features" must be a list.`);
  }

  const tasks = [];
  for (const [i, t] of raw.tasks.entries()) {
    if (!isRecord(t) || typeof t.name !== 'string') {
      return fail(`${source}: task ${i + 1} must be an object with a string "name".`);
    }
    if (t.relationTowerNames !== undefined && !isStringList(t.relationTowerNames)) {
      return fail(`${source}: task "${t.name}": "relationTowerNames" must be a list of names.`);
    }
    const base = makeTask(t.name);
    tasks.push({ ...base, ...(t as object), id: typeof t.id === 'string' ? t.id : base.id });
  }
  const features = [];
  for (const [i, f] of ((raw.features as unknown[] | undefined) ?? []).entries()) {
    if (!isRecord(f) || typeof f.inputName !== 'string') {
      return fail(`${source}: feature ${i + 1} must be an object with a string "inputName".`);
    }
    features.push({ ...makeFeature(f.inputName), ...(f as object) });
  }
  const section = <T extends object>(value: unknown, defaults: T): T =>
    isRecord(value) ? { ...defaults, ...value } : defaults;

  const project = {
    version: PROJECT_FORMAT_VERSION,
    name: typeof raw.name === 'string' ? raw.name : 'Untitled',
    tasks,
    model: section(raw.model, defaultModelSettings()),
    features,
    data: section(raw.data, defaultDataSettings()),
    train: section(raw.train, defaultTrainSettings()),
  } as Project;
  return { ok: true, project };
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}
