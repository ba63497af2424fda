/**
 * Adam written out with tfjs ops, in TF1's form (tf.train.AdamOptimizer, which EasyRec uses):
 *   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
 *   θ ← θ − lr·√(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε)
 * Our own rather than tf.train.adam so that the learning rate can change every step without
 * rebuilding the optimizer, the slots can be saved by name, and a later benchmark can fuse
 * the update. Embedding gradients are dense here; TF1's sparse Adam also decays every slot
 * row each step, so the result is the same.
 */
import * as tf from '@tensorflow/tfjs';
import { sumAll } from '../model/sum';
import type { NamedVariable } from '../model/layers';

export interface AdamConfig {
  beta1: number;
  beta2: number;
  epsilon: number;
}

export const ADAM_DEFAULTS: AdamConfig = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** A non-trainable zero variable shaped like `like` (the temporary zeros are freed). */
function zerosVariable(like: tf.Variable, name: string): tf.Variable {
  const zeros = tf.zerosLike(like);
  const variable = tf.variable(zeros, false, name);
  zeros.dispose();
  return variable;
}

interface Slot {
  param: NamedVariable;
  m: tf.Variable;
  v: tf.Variable;
}

export class Adam {
  private readonly slots: Slot[];
  /** Updates applied so far (TF's global step). */
  step = 0;

  constructor(
    params: readonly NamedVariable[],
    readonly config: AdamConfig = ADAM_DEFAULTS,
  ) {
    this.slots = params.map((param) => ({
      param,
      m: zerosVariable(param.variable, `${param.variable.name}/Adam`),
      v: zerosVariable(param.variable, `${param.variable.name}/Adam_1`),
    }));
  }

  /**
   * Applies one update. `grads` are in the order of the params given to the constructor.
   * Call inside tf.tidy: the temporaries are left for it to dispose.
   */
  apply(grads: readonly tf.Tensor[], learningRate: number): void {
    const { beta1, beta2, epsilon } = this.config;
    this.step += 1;
    const t = this.step;
    const stepSize = (learningRate * Math.sqrt(1 - Math.pow(beta2, t))) / (1 - Math.pow(beta1, t));
    this.slots.forEach((slot, i) => {
      const g = grads[i] as tf.Tensor;
      const m = tf.add(tf.mul(slot.m, beta1), tf.mul(g, 1 - beta1));
      const v = tf.add(tf.mul(slot.v, beta2), tf.mul(tf.square(g), 1 - beta2));
      slot.m.assign(m);
      slot.v.assign(v);
      slot.param.variable.assign(
        tf.sub(slot.param.variable, tf.mul(stepSize, tf.div(m, tf.add(tf.sqrt(v), epsilon)))),
      );
    });
  }

  /** Slot variables, named as TF names them (`<param>/Adam`, `<param>/Adam_1`), for saving. */
  slotVariables(): { name: string; variable: tf.Variable }[] {
    return this.slots.flatMap((s) => [
      { name: `${s.param.name}/Adam`, variable: s.m },
      { name: `${s.param.name}/Adam_1`, variable: s.v },
    ]);
  }

  dispose(): void {
    for (const s of this.slots) {
      s.m.dispose();
      s.v.dispose();
    }
  }
}

/**
 * Scales gradients so their global norm is at most `clipNorm` (tf.clip_by_global_norm:
 * g · clip / max(norm, clip)). Inside tf.tidy.
 */
export function clipByGlobalNorm(grads: tf.Tensor[], clipNorm: number): tf.Tensor[] {
  const norm = tf.sqrt(sumAll(grads.map((g) => tf.sum(tf.square(g)))));
  const scale = tf.div(clipNorm, tf.maximum(norm, clipNorm));
  return grads.map((g) => tf.mul(g, scale));
}
