/** Task edits the inspector derives from one user action. */
import type { TaskPatch } from '../../core/project/changes';
import { defaultMetrics } from '../../core/project/defaults';
import { renameTask } from '../../core/project/graph';
import type { Metric, Task } from '../../core/project/types';
import { projectStore } from '../../store/projectStore';

function sameMetrics(a: Metric[], b: Metric[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * A loss-type or class-count patch; metrics still at the old default follow the new kind of
 * task (AUC → MSE → accuracy), metrics the user chose are kept.
 */
export function withDefaultMetrics(
  task: Task,
  patch: Pick<TaskPatch, 'lossType' | 'numClass'>,
): TaskPatch {
  const lossType = patch.lossType ?? task.lossType;
  const numClass = patch.numClass ?? task.numClass;
  if (!sameMetrics(task.metrics, defaultMetrics(task.lossType, task.numClass))) return patch;
  return { ...patch, metrics: defaultMetrics(lossType, numClass) };
}

/** Why renaming `from` to the typed text would be refused (checked without applying), or null. */
export function renameProblem(tasks: readonly Task[], from: string, text: string): string | null {
  const result = renameTask(tasks, from, text.trim());
  return result.ok ? null : result.error.message;
}

/** Renames a task from a name field (one undo step); returns the refusal, or null. */
export function commitRename(from: string, text: string): string | null {
  const result = projectStore.getState().apply({ type: 'renameTask', from, to: text.trim() });
  return result.ok ? null : result.message;
}
