/**
 * Parameters and forward math of EasyRec's building blocks as explicit tfjs variables:
 * a dense layer and the DNN (dense → batch norm → activation → dropout, per layer).
 * Variable names follow EasyRec's variable scopes (`bottom_dnn/dnn_0/kernel`), so saved
 * weights read like an EasyRec checkpoint.
 */
import * as tf from '@tensorflow/tfjs';
import type { Activation, Mlp } from '../project/types';
import { activationFn, isRelu, type ActivationFn } from './activations';
import { glorotUniform, type Random } from './random';
import {
  BN_BACKWARD_KERNEL,
  BN_FORWARD_KERNEL,
  COLUMN_SUMS_KERNEL,
  matMul2d,
  RELU_BACKWARD_KERNEL,
  transpose2d,
  wasmKernelsReady,
} from '../wasm/hostKernels';

/** What kind of parameter a variable is: decides L2 regularisation and training. */
export type ParamRole = 'kernel' | 'bias' | 'bn_gamma' | 'bn_beta' | 'bn_moving' | 'embedding';

export interface NamedVariable {
  name: string;
  role: ParamRole;
  variable: tf.Variable;
}

let storeCount = 0;

/**
 * Collects every variable in creation order; the order is the save order. tfjs keeps one
 * global registry of variable names, so each store prefixes its own (`m3/…`): two models
 * (DBMTL and its baseline, or a run and a reloaded copy) can live side by side.
 */
export class ParamStore {
  readonly all: NamedVariable[] = [];
  private readonly prefix: string;

  constructor(readonly random: Random) {
    storeCount += 1;
    this.prefix = `m${storeCount}`;
  }

  add(name: string, role: ParamRole, values: Float32Array, shape: number[]): tf.Variable {
    const trainable = role !== 'bn_moving';
    // tf.variable shares the initial tensor's data; disposing the tensor leaves the variable.
    const initial = tf.tensor(values, shape, 'float32');
    const variable = tf.variable(initial, trainable, `${this.prefix}/${name}`);
    initial.dispose();
    this.all.push({ name, role, variable });
    return variable;
  }

  /** Frees every variable made so far (a build that failed half-way). */
  dispose(): void {
    for (const v of this.all) v.variable.dispose();
  }
}

export interface Dense {
  kernel: tf.Variable; // [in, out]
  bias: tf.Variable; // [out]
}

export function makeDense(store: ParamStore, scope: string, fanIn: number, units: number): Dense {
  return {
    kernel: store.add(`${scope}/kernel`, 'kernel', glorotUniform(store.random, fanIn, units), [
      fanIn,
      units,
    ]),
    bias: store.add(`${scope}/bias`, 'bias', new Float32Array(units), [units]),
  };
}

/**
 * Σ over rows of a [B, N] matrix. On WASM one pass of our own kernel; elsewhere the product
 * onesᵀ · x: the WASM backend reduces over the first axis by transposing first (tf.sum(x, 0)
 * cost more than all forward products together at batch 1024), and a one-row product runs at
 * matMul speed on every backend.
 */
export function columnSums(x: tf.Tensor2D): tf.Tensor1D {
  if (wasmKernelsReady())
    return tf.engine().runKernel(COLUMN_SUMS_KERNEL, { x }, {}) as tf.Tensor1D;
  const [rows, cols] = x.shape;
  return tf.reshape(tf.matMul(tf.ones([1, rows]), x), [cols]);
}

/**
 * aᵀ · g, a dense kernel's gradient from its input a [B, K] and output gradient g [B, N],
 * computed in whichever orientation gives the product more output rows, so the smaller
 * operand is the one packed and re-read: on WASM a [97, 1024] · [1024, 512] product takes
 * 3.3 ms and the [512, 1024] · [1024, 97] one 2.8 (bench/NOTES.md). The extra transpose of
 * the small [N, K] result costs little.
 */
function kernelGradient(a: tf.Tensor2D, g: tf.Tensor2D): tf.Tensor2D {
  if (g.shape[1] > a.shape[1]) return transpose2d(matMul2d(transpose2d(g), a));
  return matMul2d(transpose2d(a), g);
}

/**
 * The gradient through a ReLU (dy where y > 0) and the bias's gradient, its column sums. One
 * kernel of ours on WASM.
 */
export function reluBackward(
  dy: tf.Tensor2D,
  y: tf.Tensor2D,
): { g: tf.Tensor2D; dBias: tf.Tensor1D } {
  if (wasmKernelsReady()) {
    const [g, dBias] = tf.engine().runKernel(RELU_BACKWARD_KERNEL, { dy, y }, {}) as [
      tf.Tensor2D,
      tf.Tensor1D,
    ];
    return { g, dBias };
  }
  const g = tf.mul(dy, tf.step(y)) as tf.Tensor2D;
  return { g, dBias: columnSums(g) };
}

/**
 * x · kernel + bias, with ReLU fused in when asked, and a gradient of our own. tfjs
 * differentiates matMul with its transposeA/transposeB forms, which the WASM backend runs
 * 10–30× slower than a plain product (TOOLCHAIN.md); transposing an operand explicitly first
 * and multiplying plainly gives the same numbers at the plain product's speed.
 */
export function applyDense(dense: Dense, x: tf.Tensor2D, relu = false): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, kernel, bias] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    const save = args[3] as tf.GradSaveFunc;
    const value = matMul2d(input, kernel, { bias, relu });
    save([input, kernel, value]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [a, w, y] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        // ReLU passes the gradient where its output is positive (where its input was).
        const { g, dBias } = relu
          ? reluBackward(dy as tf.Tensor2D, y)
          : { g: dy as tf.Tensor2D, dBias: columnSums(dy as tf.Tensor2D) };
        return [matMul2d(g, w, { transposeB: true }), kernelGradient(a, g), dBias];
      },
    };
  });
  return op(x, dense.kernel, dense.bias) as tf.Tensor2D;
}

/** TF's tf.layers.batch_normalization defaults, which EasyRec's DNN uses unchanged. */
export const BN_MOMENTUM = 0.99;
export const BN_EPSILON = 1e-3;

export interface BatchNorm {
  gamma: tf.Variable;
  beta: tf.Variable;
  movingMean: tf.Variable;
  movingVariance: tf.Variable;
}

function makeBatchNorm(store: ParamStore, scope: string, units: number): BatchNorm {
  return {
    gamma: store.add(`${scope}/gamma`, 'bn_gamma', new Float32Array(units).fill(1), [units]),
    beta: store.add(`${scope}/beta`, 'bn_beta', new Float32Array(units), [units]),
    movingMean: store.add(`${scope}/moving_mean`, 'bn_moving', new Float32Array(units), [units]),
    movingVariance: store.add(
      `${scope}/moving_variance`,
      'bn_moving',
      new Float32Array(units).fill(1),
      [units],
    ),
  };
}

export interface MlpLayer {
  dense: Dense;
  bn: BatchNorm | null;
  activationName: Activation;
  activation: ActivationFn;
  dropout: number;
}

/** An MLP; no layers is the identity (an unset DNN, or hidden_units [0]). */
export interface MlpParams {
  layers: MlpLayer[];
  outputDim: number;
}

export function makeMlp(
  store: ParamStore,
  scope: string,
  config: Mlp | null,
  inputDim: number,
): MlpParams {
  const units = config?.hiddenUnits ?? [];
  if (!config || units.length === 0 || (units.length === 1 && units[0] === 0)) {
    return { layers: [], outputDim: inputDim };
  }
  const activation = activationFn(config.activation, `${scope}.activation`);
  const layers: MlpLayer[] = [];
  let fanIn = inputDim;
  units.forEach((width, i) => {
    const layerScope = `${scope}/dnn_${i}`;
    layers.push({
      dense: makeDense(store, layerScope, fanIn, width),
      bn: config.useBn ? makeBatchNorm(store, `${layerScope}/bn`, width) : null,
      activationName: config.activation,
      activation,
      dropout: config.dropoutRatio[i] ?? 0,
    });
    fanIn = width;
  });
  return { layers, outputDim: fanIn };
}

/** What one forward pass needs besides the inputs. */
export interface ForwardContext {
  training: boolean;
  /** Training only: update batch-norm moving averages from this batch's statistics. */
  updateMovingStats: boolean;
  /** Seeds the dropout masks of this pass (training only). */
  random: Random | null;
}

function batchNorm(bn: BatchNorm, x: tf.Tensor2D, ctx: ForwardContext): tf.Tensor2D {
  let mean: tf.Tensor;
  let variance: tf.Tensor;
  if (ctx.training) {
    // Batch statistics with the biased variance, as TF's non-fused path computes for 2-D input.
    ({ mean, variance } = tf.moments(x, 0));
    if (ctx.updateMovingStats) updateMovingStats(bn, mean, variance);
  } else {
    mean = bn.movingMean;
    variance = bn.movingVariance;
  }
  const scale = tf.mul(bn.gamma, tf.rsqrt(tf.add(variance, BN_EPSILON)));
  return tf.add(tf.mul(tf.sub(x, mean), scale), bn.beta);
}

function updateMovingStats(bn: BatchNorm, mean: tf.Tensor, variance: tf.Tensor): void {
  const keep = BN_MOMENTUM;
  bn.movingMean.assign(tf.add(tf.mul(bn.movingMean, keep), tf.mul(mean, 1 - keep)));
  bn.movingVariance.assign(tf.add(tf.mul(bn.movingVariance, keep), tf.mul(variance, 1 - keep)));
}

/** A training-mode batch norm's forward results: the output and what its gradient needs. */
interface BatchNormForward {
  value: tf.Tensor2D;
  xHat: tf.Tensor2D;
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
  r: tf.Tensor1D;
}

/** Batch norm with batch statistics (then ReLU if asked) of a dense output z. */
export function batchNormForward(
  z: tf.Tensor2D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  relu: boolean,
): BatchNormForward {
  if (wasmKernelsReady()) {
    const [value, xHat, mean, variance, r] = tf
      .engine()
      .runKernel(BN_FORWARD_KERNEL, { z, gamma, beta }, { epsilon: BN_EPSILON, relu }) as [
      tf.Tensor2D,
      tf.Tensor2D,
      tf.Tensor1D,
      tf.Tensor1D,
      tf.Tensor1D,
    ];
    return { value, xHat, mean, variance, r };
  }
  const rows = z.shape[0];
  const mean = tf.div(columnSums(z), rows) as tf.Tensor1D;
  const centred = tf.sub(z, mean);
  const variance = tf.div(columnSums(tf.square(centred) as tf.Tensor2D), rows) as tf.Tensor1D;
  const r = tf.rsqrt(tf.add(variance, BN_EPSILON)) as tf.Tensor1D;
  const xHat = tf.mul(centred, r) as tf.Tensor2D;
  const y = tf.add(tf.mul(xHat, gamma), beta) as tf.Tensor2D;
  return { value: relu ? tf.relu(y) : y, xHat, mean, variance, r };
}

/**
 * The gradient of `batchNormForward` and of the dense bias under it. With g = ∂L/∂y (after the
 * ReLU mask): ∂β = Σ g, ∂γ = Σ g·x̂, ∂z = γ·r · (g − (∂β + x̂·∂γ) / B), ∂bias = Σ ∂z.
 */
export function batchNormBackward(
  dy: tf.Tensor2D,
  forward: Pick<BatchNormForward, 'value' | 'xHat' | 'r'>,
  gamma: tf.Tensor1D,
  relu: boolean,
): { dz: tf.Tensor2D; dGamma: tf.Tensor1D; dBeta: tf.Tensor1D; dBias: tf.Tensor1D } {
  const { value, xHat, r } = forward;
  if (wasmKernelsReady()) {
    const [dz, dGamma, dBeta, dBias] = tf
      .engine()
      .runKernel(BN_BACKWARD_KERNEL, { dy, value, xHat, gamma, r }, { relu }) as [
      tf.Tensor2D,
      tf.Tensor1D,
      tf.Tensor1D,
      tf.Tensor1D,
    ];
    return { dz, dGamma, dBeta, dBias };
  }
  const g = (relu ? tf.mul(dy, tf.step(value)) : dy) as tf.Tensor2D;
  const dBeta = columnSums(g);
  const dGamma = columnSums(tf.mul(g, xHat) as tf.Tensor2D);
  const correction = tf.div(tf.add(dBeta, tf.mul(xHat, dGamma)), g.shape[0]);
  const dz = tf.mul(tf.sub(g, correction), tf.mul(gamma, r)) as tf.Tensor2D;
  return { dz, dGamma, dBeta, dBias: columnSums(dz) };
}

/**
 * One training-mode DNN layer with batch norm, dense → BN (batch statistics) → optional ReLU,
 * as a single op with its closed-form gradient (see `batchNormBackward`). Autodiff through
 * tf.moments produced dozens of small kernels per layer, most of them reductions over the batch
 * axis, which the WASM backend runs slowly. There, batch norm and its gradient are one kernel
 * each of ours (../wasm/kernels.wat); elsewhere every batch-axis sum is a one-row matMul.
 */
function denseBatchNormTraining(
  layer: MlpLayer & { bn: BatchNorm },
  x: tf.Tensor2D,
  relu: boolean,
  updateStats: boolean,
): tf.Tensor2D {
  const { dense, bn } = layer;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, kernel, bias, gamma, beta] = args as [
      tf.Tensor2D,
      tf.Tensor2D,
      tf.Tensor1D,
      tf.Tensor1D,
      tf.Tensor1D,
    ];
    const save = args[5] as tf.GradSaveFunc;
    const z = matMul2d(input, kernel, { bias });
    const { value, xHat, mean, variance, r } = batchNormForward(z, gamma, beta, relu);
    if (updateStats) updateMovingStats(bn, mean, variance);
    save([input, kernel, xHat, r, gamma, value]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [a, w, xHat, rs, g0, out] = saved as [
          tf.Tensor2D,
          tf.Tensor2D,
          tf.Tensor2D,
          tf.Tensor1D,
          tf.Tensor1D,
          tf.Tensor2D,
        ];
        const grads = batchNormBackward(dy as tf.Tensor2D, { value: out, xHat, r: rs }, g0, relu);
        return [
          matMul2d(grads.dz, w, { transposeB: true }),
          kernelGradient(a, grads.dz),
          grads.dBias,
          grads.dGamma,
          grads.dBeta,
        ];
      },
    };
  });
  return op(x, dense.kernel, dense.bias, bn.gamma, bn.beta) as tf.Tensor2D;
}

export function applyMlp(mlp: MlpParams, input: tf.Tensor2D, ctx: ForwardContext): tf.Tensor2D {
  let x = input;
  for (const layer of mlp.layers) {
    const relu = isRelu(layer.activationName);
    if (layer.bn && ctx.training) {
      x = denseBatchNormTraining(
        layer as MlpLayer & { bn: BatchNorm },
        x,
        relu,
        ctx.updateMovingStats,
      );
      if (!relu) x = layer.activation(x);
    } else {
      // Without batch norm a ReLU fuses into the matMul; with it, BN must sit in between.
      const fuseRelu = !layer.bn && relu;
      x = applyDense(layer.dense, x, fuseRelu);
      if (layer.bn) x = batchNorm(layer.bn, x, ctx);
      if (!fuseRelu) x = layer.activation(x);
    }
    if (ctx.training && layer.dropout > 0 && ctx.random) {
      x = tf.dropout(x, layer.dropout, undefined, ctx.random.nextUint32()) as tf.Tensor2D;
    }
  }
  return x;
}
