/**
 * Per-sample loss weights of each task, computed on the host while a batch is assembled (they
 * depend on data only): 1 × the sample-weight column (when configured and the task uses it) ×
 * the task-space weight (in where the indicator label is > 0, out elsewhere).
 */
import type { EncodedDataset } from '../data/encoded';
import type { TaskSpec } from './dbmtl';
import { ModelError } from './errors';

/** Checks that every column the tasks read exists, naming the task and column otherwise. */
export function checkColumns(tasks: readonly TaskSpec[], data: EncodedDataset, what: string): void {
  for (const task of tasks) {
    for (const column of [task.labelName, task.taskSpaceIndicatorLabel]) {
      if (column && !data.labels[column]) {
        throw new ModelError(
          'LABEL_MISSING',
          `Task "${task.name}" reads the column "${column}", which the ${what} data does not have.`,
          task.name,
        );
      }
    }
  }
}

/**
 * Fills `out` with the weights of `rows` (row indices into `data`) for one task.
 * `rows` may be shorter than `out` (a padded batch): the rest get weight 0.
 */
export function fillTaskWeights(
  task: TaskSpec,
  data: EncodedDataset,
  rows: ArrayLike<number>,
  out: Float32Array,
): void {
  const sample = task.useSampleWeight ? data.sampleWeight : undefined;
  const indicator = task.taskSpaceIndicatorLabel
    ? data.labels[task.taskSpaceIndicatorLabel]
    : undefined;
  for (let i = 0; i < out.length; i++) {
    if (i >= rows.length) {
      out[i] = 0;
      continue;
    }
    const row = rows[i] as number;
    let w = sample ? (sample[row] as number) : 1;
    if (indicator)
      w *= (indicator[row] as number) > 0 ? task.inTaskSpaceWeight : task.outTaskSpaceWeight;
    out[i] = w;
  }
}
