/**
 * Whether a newly loaded train file may reshape the project. The untouched demo project and
 * the untouched presets are templates: a file loaded over them gives them its columns. Any
 * other project is the user's own (imported, opened, edited): a file that lacks columns the
 * project reads must not delete its features, tasks or input fields.
 */
import { PRESET_NAMES, preset } from '../project/presets';
import type { DerivedRule, Project } from '../project/types';
import { demoProject } from './demo';

/** The columns a project reads from its data: its features' inputs and its tasks' labels. */
export function columnsRead(project: Project): string[] {
  const names = [
    ...project.features.map((f) => f.inputName),
    ...project.tasks.map((t) => t.labelName),
    ...project.tasks.map((t) => t.taskSpaceIndicatorLabel),
  ].filter((n) => n !== '');
  return [...new Set(names)];
}

/**
 * The columns the project reads that a file lacks, in the project's order. A derived label
 * (`rules`) is no column of any file: the app makes it from its source column, so the file
 * lacks the source where it lacks that (`never_married` needs `marital-status`).
 */
export function missingColumns(
  project: Project,
  fileColumns: readonly string[],
  rules: readonly DerivedRule[] = [],
): string[] {
  const have = new Set(fileColumns);
  const sources = new Map(rules.map((r) => [r.name, r.source]));
  const missing = columnsRead(project).flatMap((name) => {
    if (have.has(name)) return [];
    const source = sources.get(name);
    if (source === undefined) return [name];
    return have.has(source) ? [] : [source];
  });
  return [...new Set(missing)];
}

/** What the structure of a project is, without ids, positions or fitted ranges. */
function shape(project: Project): string {
  return JSON.stringify({
    name: project.name,
    features: project.features.map((f) => [f.name, f.inputName, f.type, f.embeddingDim]),
    tasks: project.tasks.map((t) => [
      t.name,
      t.labelName,
      t.lossType,
      t.numClass,
      t.relationTowerNames,
      t.taskSpaceIndicatorLabel,
    ]),
    fields: project.data.inputFields.map((f) => [f.name, f.type]),
  });
}

let templateShapes: Set<string> | null = null;

/**
 * Whether the project is the demo project or a preset as the app made it (same name,
 * features, tasks and input fields; a training run's fitted ranges do not count as edits).
 */
export function isTemplateProject(project: Project): boolean {
  templateShapes ??= new Set([demoProject(), ...PRESET_NAMES.map(preset)].map(shape));
  return templateShapes.has(shape(project));
}

/** The sentence shown when a file lacks columns the project reads. */
export function missingMessage(fileName: string, missing: readonly string[]): string {
  const SHOWN = 12;
  const listed = missing.slice(0, SHOWN).join(', ');
  const more = missing.length > SHOWN ? ` and ${missing.length - SHOWN} more` : '';
  const noun = missing.length === 1 ? 'column' : 'columns';
  return (
    `${fileName} lacks ${missing.length} ${noun} the project reads: ${listed}${more}. ` +
    'The project and the samples loaded before are kept as they were.'
  );
}
