/**
 * Adam's update for the CPU and WASM backends, computed in JavaScript over the parameters'
 * values in host memory. On those backends every tfjs elementwise op is one pass over memory
 * plus a dispatch, and the update rule written with ops is a dozen passes per parameter group
 * (the 1.6M-row user table alone made it most of a step at batch 256); one JavaScript loop
 * does the same arithmetic in one pass. Nothing is mutated in place: the WASM backend caches
 * packed matMul weights by tensor id, so new values go into new tensors that the variables
 * are assigned to, as the op path does. GPU backends keep the op path (reading values back
 * would stall them).
 */
import * as tf from '@tensorflow/tfjs';

/** True where tensor values live in host memory and reads are synchronous and cheap. */
export function hostBackend(): boolean {
  const name = tf.getBackend();
  return name === 'cpu' || name === 'wasm';
}

export interface HostGroup {
  variables: tf.Variable[];
  /** The first `kernels` variables get L2. */
  kernels: number;
  m: tf.Variable;
  v: tf.Variable;
}

export interface HostStep {
  stepSize: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  l2: number;
  clipNorm: number;
}

/**
 * Applies one update to every group; `grads[k][j]` is the gradient of group k's variable j.
 * Returns Σ ½‖W‖² over the L2 variables (before the update). Call inside tf.tidy.
 */
export function hostUpdate(
  groups: readonly HostGroup[],
  grads: tf.Tensor[][],
  s: HostStep,
): number {
  // Gradients with L2 added, and the values they apply to, flat per group.
  let squares = 0;
  let norm2 = 0;
  const flat = groups.map((group, k) => {
    const total = group.m.size;
    const g = new Float32Array(total);
    const theta = new Float32Array(total);
    let at = 0;
    group.variables.forEach((variable, j) => {
      const values = variable.dataSync() as Float32Array;
      const grad = (grads[k] as tf.Tensor[])[j]?.dataSync() as Float32Array;
      theta.set(values, at);
      g.set(grad, at);
      if (j < group.kernels && s.l2 !== 0) {
        for (let i = at; i < at + values.length; i++) {
          const w = theta[i] as number;
          squares += w * w;
          g[i] = (g[i] as number) + Math.fround(w * Math.fround(s.l2));
        }
      }
      at += values.length;
    });
    if (s.clipNorm > 0) for (let i = 0; i < total; i++) norm2 += (g[i] as number) ** 2;
    return { g, theta };
  });
  const scale = s.clipNorm > 0 ? s.clipNorm / Math.max(Math.sqrt(norm2), s.clipNorm) : 1;

  // Every operation rounded to float32 in the order the op path runs them (tfjs scalars are
  // float32 too), so both paths give the same numbers bit for bit on the CPU backend: a run
  // does not change with the backend's speed path.
  const f = Math.fround;
  const [b1, c1, b2, c2, eps, size] = [
    f(s.beta1),
    f(1 - s.beta1),
    f(s.beta2),
    f(1 - s.beta2),
    f(s.epsilon),
    f(s.stepSize),
  ];
  groups.forEach((group, k) => {
    const { g, theta } = flat[k] as { g: Float32Array; theta: Float32Array };
    const m0 = group.m.dataSync() as Float32Array;
    const v0 = group.v.dataSync() as Float32Array;
    const m = new Float32Array(m0.length);
    const v = new Float32Array(v0.length);
    const sc = f(scale);
    for (let i = 0; i < m.length; i++) {
      const gi = scale === 1 ? (g[i] as number) : f((g[i] as number) * sc);
      const mi = f(f((m0[i] as number) * b1) + f(gi * c1));
      const vi = f(f((v0[i] as number) * b2) + f(f(gi * gi) * c2));
      m[i] = mi;
      v[i] = vi;
      theta[i] = (theta[i] as number) - f(f(mi / f(f(Math.sqrt(vi)) + eps)) * size);
    }
    group.m.assign(tf.tensor1d(m));
    group.v.assign(tf.tensor1d(v));
    let at = 0;
    for (const variable of group.variables) {
      // A view of this step's fresh array: the CPU backend keeps it as the tensor's storage,
      // WASM copies it into its heap; nothing writes to `theta` again.
      variable.assign(tf.tensor(theta.subarray(at, at + variable.size), variable.shape));
      at += variable.size;
    }
  });
  return 0.5 * squares;
}
