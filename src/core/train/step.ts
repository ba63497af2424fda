/**
 * One training step as a single function: forward in training mode, loss, gradients, optional
 * clipping, Adam update, batch-norm moving averages. Everything runs inside one tf.tidy; the
 * only tensor that escapes is the step's losses [total, task 1, …, task n] for the caller to
 * accumulate and read asynchronously. This is the function a benchmark optimises.
 */
import * as tf from '@tensorflow/tfjs';
import { forward, type DbmtlModel } from '../model/dbmtl';
import type { BatchTensors } from '../model/inputs';
import { lossParts } from '../model/loss';
import type { Random } from '../model/random';
import type { Adam } from './adam';

export interface StepOptions {
  learningRate: number;
  /** 0 for none. */
  gradientClipNorm: number;
  /** Draws this step's dropout seeds. */
  random: Random;
}

/** The trainable variables in the order the optimizer was built with. */
export function trainableParams(model: DbmtlModel) {
  return model.variables.filter((v) => v.role !== 'bn_moving');
}

export function trainStep(
  model: DbmtlModel,
  optimizer: Adam,
  batch: BatchTensors,
  options: StepOptions,
): tf.Tensor1D {
  const params = trainableParams(model);
  return tf.tidy(() => {
    let taskLosses: tf.Tensor1D | null = null;
    // The L2 term of dense kernels is left to the optimizer, which adds its gradient (l2·W)
    // to the fused update and returns its value: no per-kernel square/sum/gradient kernels.
    const { value, grads } = tf.variableGrads(
      () => {
        const result = forward(model, batch, {
          training: true,
          updateMovingStats: true,
          random: options.random,
        });
        const parts = lossParts(model, result, batch, false);
        // Kept past the gradient's own scope; this tidy disposes it below.
        taskLosses = tf.keep(tf.stack(parts.tasks) as tf.Tensor1D);
        return parts.total;
      },
      params.map((p) => p.variable),
    );

    const gradients = params.map((p) => grads[p.variable.name] as tf.Tensor);
    const l2 = optimizer.apply(gradients, options.learningRate, options.gradientClipNorm);

    const kept = taskLosses as unknown as tf.Tensor1D;
    const total = tf.add(value, l2);
    const losses = tf.concat([tf.reshape(total, [1]), kept]) as tf.Tensor1D;
    kept.dispose();
    return losses;
  });
}
