/**
 * The activations EasyRec's DNN resolves by name, as tfjs ops. `prelu` and `dice` carry
 * trainable parameters of their own in EasyRec and are refused for now (ModelError), rather
 * than silently trained as something else.
 */
import * as tf from '@tensorflow/tfjs';
import type { Activation } from '../project/types';
import { ModelError } from './errors';

export type ActivationFn = (x: tf.Tensor2D) => tf.Tensor2D;

const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/** EasyRec's gelu is the tanh approximation (as in BERT), not the erf form. */
function gelu(x: tf.Tensor2D): tf.Tensor2D {
  const inner = tf.mul(SQRT_2_OVER_PI, tf.add(x, tf.mul(0.044715, tf.pow(x, 3))));
  return tf.mul(tf.mul(0.5, x), tf.add(1, tf.tanh(inner)));
}

const ACTIVATION_FNS: Partial<Record<Activation, ActivationFn>> = {
  relu: (x) => tf.relu(x),
  'tf.nn.relu': (x) => tf.relu(x),
  gelu,
  // tf.nn.leaky_relu's default slope.
  leaky_relu: (x) => tf.leakyRelu(x, 0.2),
  elu: (x) => tf.elu(x),
  selu: (x) => tf.selu(x),
  tanh: (x) => tf.tanh(x),
  swish: (x) => tf.mul(x, tf.sigmoid(x)),
  sigmoid: (x) => tf.sigmoid(x),
};

/** Whether the activation maps onto the fused matMul's ReLU (the fast path without BN). */
export function isRelu(name: Activation): boolean {
  return name === 'relu' || name === 'tf.nn.relu';
}

export function activationFn(name: Activation, where: string): ActivationFn {
  const fn = ACTIVATION_FNS[name];
  if (!fn) {
    throw new ModelError(
      'ACTIVATION_UNSUPPORTED',
      `The browser trainer does not implement the activation "${name}" (${where}): it has ` +
        `trainable parameters of its own in EasyRec. Choose relu, gelu, leaky_relu, elu, ` +
        `selu, tanh, swish or sigmoid.`,
      where,
    );
  }
  return fn;
}
