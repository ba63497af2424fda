/**
 * Scoring and evaluation on held-out rows: the model runs in inference mode over fixed-size
 * batches (the last one padded), predictions are read back asynchronously, and the metrics
 * of metrics.ts are computed over the whole set at once.
 */
import * as tf from '@tensorflow/tfjs';
import type { EncodedDataset } from '../data/encoded';
import { BatchBuilder } from '../model/batch';
import { forward, predictions, type DbmtlModel, type TaskSpec } from '../model/dbmtl';
import { disposeBatch } from '../model/inputs';
import { BN_MOMENTUM } from '../model/layers';
import type { Metric, Task } from '../project/types';
import {
  accuracy,
  auc,
  gauc,
  logLoss,
  meanAbsoluteError,
  meanSquaredError,
  multiClassLogLoss,
} from './metrics';

/** Per task: probabilities or values, `numRows × width` (width = numClass for multi-class). */
export interface TaskPredictions {
  task: TaskSpec;
  width: number;
  values: Float32Array;
}

/** Predictions for every row of `data`, tasks in model order. */
export async function predict(
  model: DbmtlModel,
  data: EncodedDataset,
  batchSize: number,
): Promise<TaskPredictions[]> {
  const size = Math.max(1, Math.min(batchSize, data.numRows));
  const builder = new BatchBuilder(model.inputs, model.tasks, data, size);
  const out = model.tasks.map((task) => ({
    task,
    width: task.numClass,
    values: new Float32Array(data.numRows * task.numClass),
  }));
  const rows = new Int32Array(size);
  for (let start = 0; start < data.numRows; start += size) {
    const count = Math.min(size, data.numRows - start);
    for (let i = 0; i < count; i++) rows[i] = start + i;
    const batch = builder.build(rows.subarray(0, count));
    const outputs = tf.tidy(() => {
      const result = forward(model, batch, {
        training: false,
        updateMovingStats: false,
        random: null,
      });
      return model.tasks.map((task, t) => predictions(task, result.logits[t] as tf.Tensor2D));
    });
    disposeBatch(batch);
    const values = await Promise.all(outputs.map((o) => o.data() as Promise<Float32Array>));
    outputs.forEach((o) => o.dispose());
    values.forEach((v, t) => {
      const target = out[t] as TaskPredictions;
      // Padded rows at the end of the last batch are dropped here.
      target.values.set(v.subarray(0, count * target.width), start * target.width);
    });
  }
  return out;
}

/**
 * How much of the batch-norm moving variances is still their starting value rather than
 * measured from batches. After `updates` steps a moving variance is
 * `momentum^updates · 1 + (what the batches said)`, so per unit the starting value's share is
 * `momentum^updates / movingVariance`; this returns the largest over the layers of the median
 * share of a layer's units (0 without batch norm; the median, so that a few units whose input
 * barely varies do not hold the verdict back forever). EasyRec evaluates with the moving averages, so while the share
 * is large the held-out metrics describe a network that training never ran and mean little:
 * with EasyRec's embedding initialisation the first layer's pre-activations have a variance
 * near 1e-4, so 0.99^t has to fall well below that (about 1,000 steps). The network itself is
 * left exactly as EasyRec would have it; this only says how far to trust an evaluation.
 */
export async function batchNormWarmUp(model: DbmtlModel, updates: number): Promise<number> {
  const initial = BN_MOMENTUM ** updates;
  const variances = model.variables.filter(
    (v) => v.role === 'bn_moving' && v.name.endsWith('moving_variance'),
  );
  let worst = 0;
  for (const v of variances) {
    const values = (await v.variable.data()) as Float32Array;
    const shares = Array.from(values, (x) => (x > 0 ? Math.min(1, initial / x) : 1));
    shares.sort((a, b) => a - b);
    worst = Math.max(worst, shares[Math.floor(shares.length / 2)] ?? 0);
  }
  return worst;
}

/** Above this share of starting values in the moving variances, an evaluation is "warming up". */
export const BN_WARM_UP_LIMIT = 0.1;

/** Argmax per row of a `rows × width` array. */
export function argmaxRows(values: Float32Array, width: number): Float32Array {
  const rows = values.length / width;
  const out = new Float32Array(rows);
  for (let r = 0; r < rows; r++) {
    let best = 0;
    for (let k = 1; k < width; k++) {
      if ((values[r * width + k] as number) > (values[r * width + best] as number)) best = k;
    }
    out[r] = best;
  }
  return out;
}

/** Metrics by task name, each by metric name (`auc`, `gauc`, `log_loss`, …). */
export type EvalMetrics = Record<string, Record<string, number>>;

/**
 * The metrics of each task: for binary tasks auc and log_loss (and gauc where configured and
 * the group column is present), for regression mse/mae/rmse, for multi-class accuracy and
 * log_loss (cross-entropy).
 */
export function taskMetrics(
  preds: readonly TaskPredictions[],
  data: EncodedDataset,
  configured: ReadonlyMap<string, readonly Metric[]>,
): EvalMetrics {
  const result: EvalMetrics = {};
  for (const { task, width, values } of preds) {
    const labels = data.labels[task.labelName] as Float32Array;
    const m: Record<string, number> = {};
    if (task.lossType !== 'CLASSIFICATION') {
      const mse = meanSquaredError(values, labels);
      m.mean_squared_error = mse;
      m.mean_absolute_error = meanAbsoluteError(values, labels);
      m.root_mean_squared_error = Math.sqrt(mse);
    } else if (width > 1) {
      m.accuracy = accuracy(argmaxRows(values, width), labels);
      m.log_loss = multiClassLogLoss(values, width, labels);
    } else {
      m.auc = auc(values, labels);
      m.log_loss = logLoss(values, labels);
      for (const metric of configured.get(task.name) ?? []) {
        const groups = metric.kind === 'gauc' ? data.groups?.[metric.uidField] : undefined;
        if (metric.kind === 'gauc' && groups)
          m.gauc = gauc(values, labels, groups, metric.reduction);
      }
    }
    result[task.name] = m;
  }
  return result;
}

export function configuredMetrics(tasks: readonly Task[]): Map<string, Metric[]> {
  return new Map(tasks.map((t) => [t.name, t.metrics]));
}

/** Output columns as EasyRec names them: probs_/logits_ are not split per class here. */
export interface ScoreColumn {
  name: string;
  /** Values per row (numClass for multi-class probabilities, else 1). */
  width: number;
  values: Float32Array;
}

/**
 * Scoring output: binary tasks give `probs_<task>`, multi-class `probs_<task>` (one value per
 * class) and `y_<task>` (the argmax), regression `y_<task>`.
 */
export function scoreColumns(preds: readonly TaskPredictions[]): ScoreColumn[] {
  return preds.flatMap(({ task, width, values }): ScoreColumn[] => {
    if (task.lossType !== 'CLASSIFICATION') return [{ name: `y_${task.name}`, width: 1, values }];
    if (width === 1) return [{ name: `probs_${task.name}`, width: 1, values }];
    return [
      { name: `probs_${task.name}`, width, values },
      { name: `y_${task.name}`, width: 1, values: argmaxRows(values, width) },
    ];
  });
}
