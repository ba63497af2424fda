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
 * x · kernel + bias, with ReLU fused in when asked, and a gradient of our own. tfjs
 * differentiates matMul with its transposeA/transposeB forms, which the WASM backend runs
 * 10–30× slower than a plain product (TOOLCHAIN.md); transposing the small operand explicitly
 * first and multiplying plainly gives the same numbers at the plain product's speed.
 */
export function applyDense(dense: Dense, x: tf.Tensor2D, relu = false): tf.Tensor2D {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, kernel, bias] = args as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
    const save = args[3] as tf.GradSaveFunc;
    const value = tf.fused.matMul({
      a: input,
      b: kernel,
      bias,
      activation: relu ? 'relu' : 'linear',
    }) as tf.Tensor2D;
    save([input, kernel, value]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [a, w, y] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor2D];
        // ReLU passes the gradient where its output is positive (where its input was).
        const g = (relu ? tf.mul(dy, tf.step(y)) : dy) as tf.Tensor2D;
        return [tf.matMul(g, tf.transpose(w)), tf.matMul(tf.transpose(a), g), tf.sum(g, 0)];
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
    if (ctx.updateMovingStats) {
      const keep = BN_MOMENTUM;
      bn.movingMean.assign(tf.add(tf.mul(bn.movingMean, keep), tf.mul(mean, 1 - keep)));
      bn.movingVariance.assign(tf.add(tf.mul(bn.movingVariance, keep), tf.mul(variance, 1 - keep)));
    }
  } else {
    mean = bn.movingMean;
    variance = bn.movingVariance;
  }
  const scale = tf.mul(bn.gamma, tf.rsqrt(tf.add(variance, BN_EPSILON)));
  return tf.add(tf.mul(tf.sub(x, mean), scale), bn.beta);
}

export function applyMlp(mlp: MlpParams, input: tf.Tensor2D, ctx: ForwardContext): tf.Tensor2D {
  let x = input;
  for (const layer of mlp.layers) {
    // Without batch norm a ReLU fuses into the matMul; with it, BN must sit in between.
    const fuseRelu = !layer.bn && isRelu(layer.activationName);
    x = applyDense(layer.dense, x, fuseRelu);
    if (layer.bn) x = batchNorm(layer.bn, x, ctx);
    if (!fuseRelu) x = layer.activation(x);
    if (ctx.training && layer.dropout > 0 && ctx.random) {
      x = tf.dropout(x, layer.dropout, undefined, ctx.random.nextUint32()) as tf.Tensor2D;
    }
  }
  return x;
}
