/**
 * Editor commands shared by the toolbar, the palette, the list view and the canvas. They go
 * through the vanilla store, so each is one undo step and a refusal sets the notice.
 */
import { newTaskIn } from '../core/project/defaults';
import { uniqueTaskName } from '../core/project/graph';
import { layoutTasks, withLayoutIfNeeded } from '../core/project/layout';
import { preset, PRESET_TITLES, type PresetName } from '../core/project/presets';
import { emptyProject } from '../core/project/defaults';
import { parseProjectFile, serializeProject } from '../core/project/restore';
import { projectStore } from '../store/projectStore';

/** Adds a binary task with a fresh name at a canvas position and selects it. */
export function addTask(position: { x: number; y: number }): void {
  const { project, apply, select } = projectStore.getState();
  const name = uniqueTaskName(project.tasks);
  const task = newTaskIn(project, name, {
    position: { x: Math.round(position.x), y: Math.round(position.y) },
  });
  if (apply({ type: 'addTask', task }).ok) select([task.id]);
}

/** A free spot for a task added without a drop position: right of the existing tasks. */
export function nextFreePosition(): { x: number; y: number } {
  const { tasks } = projectStore.getState().project;
  if (tasks.length === 0) return { x: 0, y: 0 };
  const right = Math.max(...tasks.map((t) => t.position.x));
  const top = Math.min(...tasks.map((t) => t.position.y));
  return { x: right + 256, y: top };
}

export function loadPreset(name: PresetName): void {
  projectStore
    .getState()
    .replaceProject(withLayoutIfNeeded(preset(name)), `Loaded preset: ${PRESET_TITLES[name]}.`);
}

export function newEmptyProject(): void {
  projectStore.getState().replaceProject(emptyProject('Untitled'), 'Started an empty project.');
}

/** Lays out every task (one undo step). */
export function autoLayout(): void {
  const { project, apply } = projectStore.getState();
  if (project.tasks.length === 0) return;
  apply({ type: 'moveTasks', positions: layoutTasks(project.tasks) });
}

/** A file name from the project name: letters, digits, - and _ only. */
export function projectFileName(name: string): string {
  const base = name
    .trim()
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return `${base || 'project'}.dbmtl.json`;
}

export function downloadProject(): void {
  const { project } = projectStore.getState();
  const blob = new Blob([serializeProject(project)], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = projectFileName(project.name);
  link.click();
  // The click starts the download synchronously; the URL is no longer needed after it.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Opens a project file; a broken or newer file leaves the project untouched. */
export async function openProjectFile(file: File): Promise<void> {
  const { replaceProject, setNotice } = projectStore.getState();
  let text: string;
  try {
    text = await file.text();
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    setNotice({ kind: 'error', message: `Could not read ${file.name}: ${detail}.` });
    return;
  }
  const result = parseProjectFile(text, file.name);
  if (!result.ok) {
    setNotice({ kind: 'error', message: `${result.message} The project was not changed.` });
    return;
  }
  // Repairs (defaults filled, unknown fields ignored) are said, not done silently.
  const notes = result.notes.length > 0 ? ` ${result.notes.join(' ')}` : '';
  replaceProject(withLayoutIfNeeded(result.project), `Opened ${file.name}.${notes}`);
}
