/**
 * Sums tensors of one shape with chained `add`. tf.addN of scalars returns 0 on the WebGPU
 * backend (tfjs 4.22, seen on SwiftShader): the regularisation terms and the total loss
 * vanished there. Chained adds are as cheap for the handful of terms summed here.
 */
import * as tf from '@tensorflow/tfjs';

export function sumAll<T extends tf.Tensor>(terms: readonly T[]): T {
  if (terms.length === 0) throw new Error('sumAll needs at least one term');
  let total = terms[0] as T;
  for (let i = 1; i < terms.length; i++) total = tf.add(total, terms[i] as T) as T;
  return total;
}
