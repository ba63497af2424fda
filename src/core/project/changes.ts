/**
 * Edits as data. Every change to a project is one of these objects, applied by a pure
 * function; the editor, the list view, undo/redo, import and tests all go through here.
 */
import { connect, disconnect, removeTask, renameTask, type GraphError } from './graph';
import type { DataSettings, Feature, ModelSettings, Project, Task, TrainSettings } from './types';

export type TaskPatch = Partial<Omit<Task, 'id' | 'name' | 'relationTowerNames'>>;

export type ProjectChange =
  | { type: 'addTask'; task: Task }
  | { type: 'removeTasks'; names: string[] }
  | { type: 'renameTask'; from: string; to: string }
  | { type: 'updateTask'; name: string; patch: TaskPatch }
  /** Replaces a task's parents as a whole (reordering); checked for cycles like connect. */
  | { type: 'setRelations'; name: string; parents: string[] }
  | { type: 'connect'; parent: string; child: string }
  | { type: 'disconnect'; parent: string; child: string }
  | { type: 'moveTasks'; positions: Record<string, { x: number; y: number }> }
  | { type: 'updateModel'; patch: Partial<ModelSettings> }
  | { type: 'updateData'; patch: Partial<DataSettings> }
  | { type: 'updateTrain'; patch: Partial<TrainSettings> }
  | { type: 'setFeatures'; features: Feature[] }
  | { type: 'rename'; name: string }
  | { type: 'replace'; project: Project };

export type ChangeResult = { ok: true; project: Project } | { ok: false; error: GraphError };

function withTasks(project: Project, tasks: Task[]): ChangeResult {
  return { ok: true, project: { ...project, tasks } };
}

export function applyChange(project: Project, change: ProjectChange): ChangeResult {
  switch (change.type) {
    case 'addTask':
      if (project.tasks.some((t) => t.name === change.task.name)) {
        return {
          ok: false,
          error: {
            code: 'DUPLICATE_NAME',
            message: `A task named "${change.task.name}" already exists.`,
          },
        };
      }
      return withTasks(project, [...project.tasks, change.task]);
    case 'removeTasks':
      return withTasks(project, change.names.reduce(removeTask, project.tasks));
    case 'renameTask': {
      const result = renameTask(project.tasks, change.from, change.to);
      return result.ok ? withTasks(project, result.tasks) : result;
    }
    case 'updateTask':
      return withTasks(
        project,
        project.tasks.map((t) => (t.name === change.name ? { ...t, ...change.patch } : t)),
      );
    case 'setRelations': {
      // Rebuild the task's parents edge by edge so every edge passes the same checks.
      const cleared = project.tasks.map((t) =>
        t.name === change.name ? { ...t, relationTowerNames: [] } : t,
      );
      let tasks = cleared;
      for (const parent of change.parents) {
        const result = connect(tasks, parent, change.name);
        if (!result.ok) return result;
        tasks = result.tasks;
      }
      return withTasks(project, tasks);
    }
    case 'connect': {
      const result = connect(project.tasks, change.parent, change.child);
      return result.ok ? withTasks(project, result.tasks) : result;
    }
    case 'disconnect':
      return withTasks(project, disconnect(project.tasks, change.parent, change.child));
    case 'moveTasks':
      return withTasks(
        project,
        project.tasks.map((t) => {
          const position = change.positions[t.id];
          return position ? { ...t, position: { ...position } } : t;
        }),
      );
    case 'updateModel':
      return { ok: true, project: { ...project, model: { ...project.model, ...change.patch } } };
    case 'updateData':
      return { ok: true, project: { ...project, data: { ...project.data, ...change.patch } } };
    case 'updateTrain':
      return { ok: true, project: { ...project, train: { ...project.train, ...change.patch } } };
    case 'setFeatures':
      return { ok: true, project: { ...project, features: change.features } };
    case 'rename':
      return { ok: true, project: { ...project, name: change.name } };
    case 'replace':
      return { ok: true, project: change.project };
  }
}
