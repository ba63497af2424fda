/**
 * Output biases that start at the training labels' prior instead of zero: the log-odds of the
 * positive rate for a binary task, the mean for a regression task, the log class frequencies
 * for a multi-class task. Rates and means are weighted by each task's loss weights (sample
 * weight, task space), so a conversion task that learns only from clicked rows starts at the
 * rate among those rows.
 *
 * Why: with zero biases a binary task with 15 % positives starts at p = 0.5 and its first steps
 * push every row down, more so the rows of frequent ids (they are in more batches), which
 * ranks frequent users low although they click more: held-out AUC below 0.5 for the first
 * steps. A regression output starting at 0 for a label averaging 40 spends its first thousands
 * of steps walking up to the mean. EasyRec starts biases at zero; see the README's
 * "Where we differ from EasyRec".
 */
import * as tf from '@tensorflow/tfjs';
import type { EncodedDataset } from '../data/encoded';
import type { DbmtlModel, TaskSpec } from './dbmtl';
import { fillTaskWeights } from './weights';

/** Rates are clamped to [PRIOR_EPSILON, 1 − PRIOR_EPSILON] before the log (no infinite bias). */
export const PRIOR_EPSILON = 1e-4;

/** The starting output bias of one task (numClass values), from its training labels. */
export function priorBias(task: TaskSpec, data: EncodedDataset): Float32Array {
  const bias = new Float32Array(task.numClass);
  const labels = data.labels[task.labelName];
  if (!labels || data.numRows === 0) return bias;
  const all = Int32Array.from({ length: data.numRows }, (_, i) => i);
  const weights = new Float32Array(data.numRows);
  fillTaskWeights(task, data, all, weights);

  if (task.lossType === 'L2_LOSS') {
    let sum = 0;
    let total = 0;
    for (let i = 0; i < data.numRows; i++) {
      const w = weights[i] as number;
      const y = labels[i] as number;
      if (w === 0 || !Number.isFinite(y)) continue;
      sum += w * y;
      total += w;
    }
    bias[0] = total > 0 ? sum / total : 0;
    return bias;
  }

  // Classification: weighted class counts (binary: class 1 against the rest).
  const classes = task.numClass === 1 ? 2 : task.numClass;
  const counts = new Float64Array(classes);
  let total = 0;
  for (let i = 0; i < data.numRows; i++) {
    const w = weights[i] as number;
    const y = labels[i] as number;
    if (w === 0 || !Number.isInteger(y) || y < 0 || y >= classes) continue;
    counts[y] = (counts[y] as number) + w;
    total += w;
  }
  if (!(total > 0)) return bias;
  const clamp = (p: number) => Math.min(1 - PRIOR_EPSILON, Math.max(PRIOR_EPSILON, p));
  if (task.numClass === 1) {
    const p = clamp((counts[1] as number) / total);
    bias[0] = Math.log(p / (1 - p));
  } else {
    for (let c = 0; c < classes; c++) bias[c] = Math.log(clamp((counts[c] as number) / total));
  }
  return bias;
}

/** Sets every task's output bias to its prior (a fresh model, before step 1). */
export function initOutputBiases(model: DbmtlModel, data: EncodedDataset): void {
  model.tasks.forEach((task, i) => {
    const output = model.towers[i]?.output;
    if (!output) return;
    const value = tf.tensor1d(priorBias(task, data), 'float32');
    output.bias.assign(value);
    value.dispose();
  });
}
