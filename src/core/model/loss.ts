/**
 * The DBMTL loss exactly as DBMTL.md "Loss" states it, which is what EasyRec's loss builder and
 * TF's `SUM_BY_NONZERO_WEIGHTS` reduction compute:
 *   task loss  = weight_t · Σ w·loss / count(w ≠ 0)   (0 when no w is non-zero)
 *   total      = Σ task losses + l2 · Σ ½‖W‖² (dense kernels) + emb · ½ Σ (looked-up vectors)²
 * The embedding term follows EasyRec's input layer: its regulariser is applied to the output
 * of the embedding lookups for the whole batch, so a row id looked up twice counts twice, a tag
 * cell counts once as its pooled vector, and the term is a sum over the batch, not a mean.
 * (EasyRec also feeds raw dense values to that regulariser; they carry no parameter, so leaving
 * them out changes the reported loss by a constant and the gradients not at all.)
 */
import * as tf from '@tensorflow/tfjs';
import { sumAll } from './sum';
import type { DbmtlModel, ForwardResult, TaskSpec } from './dbmtl';
import type { BatchTensors } from './inputs';

/** Per-row loss [B] of one task before weighting. */
function rowLoss(task: TaskSpec, logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  switch (task.lossType) {
    case 'CLASSIFICATION': {
      if (task.numClass === 1) {
        // Stable sigmoid cross-entropy: max(z, 0) − z·y + log(1 + e^(−|z|)).
        const z = tf.reshape(logits, [-1]) as tf.Tensor1D;
        return tf.add(tf.sub(tf.relu(z), tf.mul(z, labels)), tf.log1p(tf.exp(tf.neg(tf.abs(z)))));
      }
      const oneHot = tf.oneHot(tf.cast(labels, 'int32'), task.numClass);
      return tf.neg(tf.sum(tf.mul(oneHot, tf.logSoftmax(logits)), 1)) as tf.Tensor1D;
    }
    case 'L2_LOSS':
      return tf.square(tf.sub(tf.reshape(logits, [-1]), labels)) as tf.Tensor1D;
    case 'SIGMOID_L2_LOSS':
      return tf.square(tf.sub(tf.sigmoid(tf.reshape(logits, [-1])), labels)) as tf.Tensor1D;
  }
}

/** Σ w·loss / count(w ≠ 0), or 0 when every weight is zero (then the numerator is 0 too). */
export function reduceWeighted(loss: tf.Tensor1D, weights: tf.Tensor1D): tf.Scalar {
  const present = tf.sum(tf.cast(tf.notEqual(weights, 0), 'float32'));
  return tf.div(tf.sum(tf.mul(loss, weights)), tf.maximum(present, 1)) as tf.Scalar;
}

export interface LossParts {
  /** By task in model order, each already multiplied by the task's weight. */
  tasks: tf.Scalar[];
  /** l2 · Σ ½‖W‖² over dense kernels (0 when l2 is 0). */
  l2: tf.Scalar;
  /** emb · ½ Σ looked-up vectors² (0 when emb is 0). */
  embedding: tf.Scalar;
  total: tf.Scalar;
}

export function l2Term(model: DbmtlModel): tf.Scalar {
  const kernels = model.variables.filter((v) => v.role === 'kernel');
  if (model.settings.l2Regularization === 0 || kernels.length === 0) return tf.scalar(0);
  const squares = sumAll(kernels.map((k) => tf.sum(tf.square(k.variable))));
  return tf.mul(0.5 * model.settings.l2Regularization, squares) as tf.Scalar;
}

export function lossParts(
  model: DbmtlModel,
  result: ForwardResult,
  batch: BatchTensors,
  /**
   * False when the optimizer adds the L2 term itself (the training step: see train/adam.ts);
   * then `l2` is 0 here and the caller adds the optimizer's value to the total.
   */
  withL2 = true,
): LossParts {
  const tasks = model.tasks.map((task, i) => {
    const labels = batch.labels[task.name];
    const weights = batch.weights[task.name];
    if (!labels || !weights)
      throw new Error(`batch has no labels or weights for task ${task.name}`);
    const reduced = reduceWeighted(rowLoss(task, result.logits[i] as tf.Tensor2D, labels), weights);
    return tf.mul(task.weight, reduced) as tf.Scalar;
  });
  const l2 = withL2 ? l2Term(model) : tf.scalar(0);
  const embedding =
    model.settings.embeddingRegularization !== 0 && result.embeddingSquares
      ? (tf.mul(model.settings.embeddingRegularization, result.embeddingSquares) as tf.Scalar)
      : tf.scalar(0);
  const total = sumAll([...tasks, l2, embedding]) as tf.Scalar;
  return { tasks, l2, embedding, total };
}
