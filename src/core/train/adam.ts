/**
 * Adam written out with tfjs ops, in TF1's form (tf.train.AdamOptimizer, which EasyRec uses):
 *   m ← β1·m + (1−β1)·g;  v ← β2·v + (1−β2)·g²
 *   θ ← θ − lr·√(1−β2ᵗ)/(1−β1ᵗ) · m / (√v + ε)
 * Our own rather than tf.train.adam so that the learning rate can change every step without
 * rebuilding the optimizer, the slots can be saved by name, and the update is fused.
 *
 * Fused: the many small parameters (kernels, biases, batch-norm scales, small tables) share
 * one flat pair of moment vectors; a step concatenates their gradients, runs the update rule
 * once over all of them and splits the change back. Per-parameter updates cost about ten
 * kernels per variable (over a thousand per step for the live-streaming model, most of a
 * step's dispatch time on WASM). Large parameters (big embedding tables, the widest kernels)
 * keep their own moments: copying them into a flat vector and out again costs more than their
 * dozen kernels, since tf.split and tf.slice on WASM copy the whole source once per piece.
 *
 * The L2 term of DBMTL's loss (l2 · Σ ½‖W‖² over dense kernels) is folded in here too: its
 * gradient l2·W is added to the kernels' gradients before clipping and the update, as TF's
 * gradient of the total loss has it, and its value is returned for the reported loss.
 *
 * Embedding gradients are dense here; TF1's sparse Adam also decays every slot row each step
 * and moves every row by its decayed moment, so the result is the same.
 */
import * as tf from '@tensorflow/tfjs';
import { sumAll } from '../model/sum';
import type { NamedVariable } from '../model/layers';
import { ADAM_KERNEL, wasmKernelsReady, type AdamKernelAttrs } from '../wasm/hostKernels';

export interface AdamConfig {
  beta1: number;
  beta2: number;
  epsilon: number;
}

export const ADAM_DEFAULTS: AdamConfig = { beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };

/** Parameters with at least this many elements keep their own moments (see above). */
export const OWN_SLOTS_FROM = 65_536;

function zerosVariable(shape: number[], name: string): tf.Variable {
  const zeros = tf.zeros(shape);
  const variable = tf.variable(zeros, false, name);
  zeros.dispose();
  return variable;
}

/** Params updated together: one flat pair of moments. `members` index the constructor's list. */
interface Group {
  /** Kernels first (their L2 touches one leading slice), then the rest. */
  members: number[];
  kernels: number;
  sizes: number[];
  m: tf.Variable;
  v: tf.Variable;
}

/**
 * tf.split of a 1-D tensor into many pieces, in two levels: WASM copies the whole source once
 * per piece, so ~100 pieces cost 100 copies; √n chunks of √n pieces cost about 2√n.
 */
function splitMany(x: tf.Tensor, sizes: readonly number[]): tf.Tensor[] {
  if (sizes.length <= 8) return sizes.length === 1 ? [x] : tf.split(x, [...sizes]);
  const per = Math.ceil(Math.sqrt(sizes.length));
  const chunks: number[][] = [];
  for (let i = 0; i < sizes.length; i += per) chunks.push(sizes.slice(i, i + per));
  const parts = tf.split(
    x,
    chunks.map((c) => c.reduce((a, b) => a + b, 0)),
  );
  return chunks.flatMap((c, i) =>
    c.length === 1 ? [parts[i] as tf.Tensor] : tf.split(parts[i] as tf.Tensor, c),
  );
}

/** Adam's moments and update count, as plain data (see `exportState`). */
export interface AdamState {
  /** Updates applied (TF's global step, for the bias correction). */
  step: number;
  /** Per group of parameters: its first moment m, then its second moment v. */
  moments: Float32Array[];
}

let adamCount = 0;

export class Adam {
  private readonly groups: Group[] = [];
  /** Where each param's moments are: its group and its offset in the group's flat vectors. */
  private readonly place: { group: number; offset: number }[] = [];
  /** Updates applied so far (TF's global step). */
  step = 0;
  /**
   * Run the update as one kernel of ours on the WASM backend (../wasm/hostKernels.ts).
   * Same numbers either way; false forces the op path (tests compare the two).
   */
  hostKernel = true;

  constructor(
    private readonly params: readonly NamedVariable[],
    readonly config: AdamConfig = ADAM_DEFAULTS,
    /** L2 rate on the 'kernel' params (DBMTL's l2_regularization); 0 for none. */
    readonly l2 = 0,
  ) {
    adamCount += 1;
    const isKernel = (i: number) => params[i]?.role === 'kernel';
    const size = (i: number) => params[i]?.variable.size ?? 0;
    const indices = params.map((_, i) => i);
    const small = indices.filter((i) => size(i) < OWN_SLOTS_FROM);
    const flat = [...small.filter(isKernel), ...small.filter((i) => !isKernel(i))];
    const memberLists = [flat, ...indices.filter((i) => size(i) >= OWN_SLOTS_FROM).map((i) => [i])];
    for (const members of memberLists) {
      if (members.length === 0) continue;
      const sizes = members.map(size);
      const total = sizes.reduce((a, b) => a + b, 0);
      const g = this.groups.length;
      let offset = 0;
      members.forEach((i, k) => {
        this.place[i] = { group: g, offset };
        offset += sizes[k] as number;
      });
      this.groups.push({
        members,
        kernels: members.filter(isKernel).length,
        sizes,
        m: zerosVariable([total], `adam${adamCount}/m${g}`),
        v: zerosVariable([total], `adam${adamCount}/v${g}`),
      });
    }
  }

  /**
   * Applies one update and returns the L2 term's value (0 without L2). `grads` are in the order
   * of the params given to the constructor; `clipNorm` > 0 clips by global norm first
   * (tf.clip_by_global_norm, over the gradients including L2's). Call inside tf.tidy: the
   * temporaries are left for it to dispose.
   */
  apply(grads: readonly tf.Tensor[], learningRate: number, clipNorm = 0): tf.Scalar {
    const { beta1, beta2, epsilon } = this.config;
    this.step += 1;
    const t = this.step;
    const stepSize = (learningRate * Math.sqrt(1 - Math.pow(beta2, t))) / (1 - Math.pow(beta1, t));
    if (this.hostKernel && wasmKernelsReady()) return this.applyOnHost(grads, stepSize, clipNorm);
    const flat = (i: number) => tf.reshape(grads[i] as tf.Tensor, [-1]);
    const theta = (i: number) => tf.reshape(this.variable(i), [-1]);

    const l2Terms: tf.Scalar[] = [];
    let groupGrads = this.groups.map((group) => {
      const kernels = this.l2 !== 0 ? group.members.slice(0, group.kernels) : [];
      const rest = group.members.slice(kernels.length);
      const pieces: tf.Tensor[] = [];
      if (kernels.length > 0) {
        const w =
          kernels.length === 1 ? theta(kernels[0] as number) : tf.concat(kernels.map(theta));
        const g = kernels.length === 1 ? flat(kernels[0] as number) : tf.concat(kernels.map(flat));
        l2Terms.push(tf.sum(tf.square(w)));
        pieces.push(tf.add(g, tf.mul(w, this.l2)));
      }
      pieces.push(...rest.map(flat));
      return pieces.length === 1 ? (pieces[0] as tf.Tensor) : tf.concat(pieces);
    });
    if (clipNorm > 0) groupGrads = clipByGlobalNorm(groupGrads, clipNorm);

    this.groups.forEach((group, k) => {
      const g = groupGrads[k] as tf.Tensor;
      const m = tf.add(tf.mul(group.m, beta1), tf.mul(g, 1 - beta1));
      const v = tf.add(tf.mul(group.v, beta2), tf.mul(tf.square(g), 1 - beta2));
      group.m.assign(m);
      group.v.assign(v);
      const change = tf.mul(tf.div(m, tf.add(tf.sqrt(v), epsilon)), stepSize);
      const parts = splitMany(change, group.sizes);
      group.members.forEach((i, j) => {
        const variable = this.variable(i);
        variable.assign(tf.sub(variable, tf.reshape(parts[j] as tf.Tensor, variable.shape)));
      });
    });
    return l2Terms.length > 0
      ? (tf.mul(0.5 * this.l2, sumAll(l2Terms)) as tf.Scalar)
      : tf.scalar(0);
  }

  /** `apply` as one kernel call (../wasm/hostKernels.ts has the layout of its inputs and outputs). */
  private applyOnHost(grads: readonly tf.Tensor[], stepSize: number, clipNorm: number): tf.Scalar {
    const inputs: tf.NamedTensorMap = {};
    const attrs: AdamKernelAttrs = {
      groups: [],
      ...this.config,
      stepSize,
      l2: this.l2,
      clipNorm,
    };
    let j = 0;
    this.groups.forEach((group, k) => {
      inputs[`m${k}`] = group.m;
      inputs[`v${k}`] = group.v;
      attrs.groups.push({
        sizes: group.sizes,
        l2: group.members.map((_, n) => n < group.kernels),
      });
      for (const i of group.members) {
        inputs[`g${j}`] = grads[i] as tf.Tensor;
        inputs[`p${j}`] = this.variable(i);
        j += 1;
      }
    });
    const [l2, ...rest] = tf
      .engine()
      .runKernel(ADAM_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
    j = 0;
    this.groups.forEach((group, k) => {
      group.m.assign(rest[2 * k] as tf.Tensor);
      group.v.assign(rest[2 * k + 1] as tf.Tensor);
    });
    const values = rest.slice(2 * this.groups.length);
    for (const group of this.groups)
      for (const i of group.members) {
        this.variable(i).assign(values[j] as tf.Tensor);
        j += 1;
      }
    return l2 as tf.Scalar;
  }

  private variable(i: number): tf.Variable {
    return (this.params[i] as NamedVariable).variable;
  }

  /**
   * Slot values per parameter, named as TF names them (`<param>/Adam`, `<param>/Adam_1`), for
   * saving. New tensors (slices of the flat slots): the caller disposes them.
   */
  slotVariables(): { name: string; variable: tf.Tensor }[] {
    return this.params.flatMap((p, i) => {
      const { group, offset } = this.place[i] as { group: number; offset: number };
      const g = this.groups[group] as Group;
      const slice = (slot: tf.Variable) =>
        tf.tidy(() => tf.reshape(tf.slice(slot, [offset], [p.variable.size]), p.variable.shape));
      return [
        { name: `${p.name}/Adam`, variable: slice(g.m) },
        { name: `${p.name}/Adam_1`, variable: slice(g.v) },
      ];
    });
  }

  /**
   * The moments as they stand (read back asynchronously; call between steps and let the read
   * finish before the next update): per group its m then its v, with the update count. Enough,
   * with the weights, to continue exactly where this optimizer is.
   */
  async exportState(): Promise<AdamState> {
    const step = this.step;
    const reads = this.groups.flatMap((g) => [g.m.data(), g.v.data()]) as Promise<Float32Array>[];
    // Copies: the CPU backend hands out its own storage, which must not be transferred.
    return { step, moments: (await Promise.all(reads)).map((m) => m.slice()) };
  }

  /** Continues from an `exportState()` of an optimizer over the same parameters. */
  importState(state: AdamState): void {
    const expected = this.groups.flatMap((g) => [g.m.size, g.v.size]);
    const found = state.moments.map((m) => m.length);
    if (expected.join(',') !== found.join(','))
      throw new Error(
        `The saved optimizer state has moments of sizes [${found.join(', ')}]; this model needs [${expected.join(', ')}].`,
      );
    this.groups.forEach((g, k) => {
      tf.tidy(() => {
        g.m.assign(tf.tensor1d(state.moments[2 * k] as Float32Array));
        g.v.assign(tf.tensor1d(state.moments[2 * k + 1] as Float32Array));
      });
    });
    this.step = state.step;
  }

  dispose(): void {
    for (const g of this.groups) {
      g.m.dispose();
      g.v.dispose();
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
