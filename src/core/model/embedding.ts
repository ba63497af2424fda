/**
 * Embedding lookup with its own gradient. tfjs differentiates `gather` with
 * UnsortedSegmentSum, which the WASM backend lacks (4.22); the gradient here scatters the
 * incoming rows back into a zero table with ScatterNd, which sums rows looked up more than once
 * and exists on the CPU, WASM, WebGL and WebGPU backends.
 * The gradient is dense ([rows, dim]), as TF1's non-lazy Adam treats it anyway.
 */
import * as tf from '@tensorflow/tfjs';
import { gatherRows } from '../wasm/hostKernels';

export function embeddingLookup(table: tf.Tensor, ids: tf.Tensor1D): tf.Tensor2D {
  const lookup = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const t = args[0] as tf.Tensor;
    return {
      value: gatherRows(t, ids),
      gradFunc: (dy: tf.Tensor) => tf.scatterND(tf.expandDims(ids, 1), dy, t.shape),
    };
  });
  return lookup(table) as tf.Tensor2D;
}
