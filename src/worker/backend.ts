/**
 * Backend selection: WebGPU → WebGL → WASM → CPU. Each candidate is detected first (WebGPU
 * needs a non-null adapter, WebGL in a worker needs OffscreenCanvas), loaded on demand (the
 * WebGPU backend module is imported dynamically: importing it where WebGPU is missing can
 * throw), set, confirmed with getBackend(), and made to pass a tiny forward-and-backward
 * self-test against numbers computed here in plain arithmetic. The first that passes wins;
 * the reasons the better ones were skipped are returned for the user.
 */
import * as tf from '@tensorflow/tfjs';
import type { BackendChoice, BackendName, SkippedBackend } from './protocol';
import { softwareWebGl, softwareWebGpu, webGlRenderer, type GpuNavigator } from './backendSoftware';

export interface BackendEnvironment {
  /** Where the WASM backend finds its .wasm files (a prefix ending in /, or file → URL). */
  wasmPaths?: string | Record<string, string>;
}

/**
 * Throws with a reason when the backend cannot be used here. `auto` is true when the user
 * left the choice to us: a software (CPU-emulated) GPU is then refused, since WASM beats it.
 */
type Loader = (env: BackendEnvironment, auto: boolean) => Promise<void>;

const LOADERS: Record<BackendName, Loader> = {
  webgpu: async (_env, auto) => {
    const nav = (globalThis as { navigator?: GpuNavigator }).navigator;
    if (!nav?.gpu) throw new Error('WebGPU is not available here (no navigator.gpu).');
    const adapter = await nav.gpu.requestAdapter();
    if (!adapter)
      throw new Error('WebGPU is present but gave no adapter (requestAdapter() → null).');
    const software = softwareWebGpu(adapter);
    if (auto && software) throw new Error(software);
    await import('@tensorflow/tfjs-backend-webgpu');
  },
  webgl: async (_env, auto) => {
    const g = globalThis as { OffscreenCanvas?: unknown; document?: unknown };
    if (typeof g.OffscreenCanvas === 'undefined' && typeof g.document === 'undefined') {
      throw new Error('WebGL needs OffscreenCanvas in a worker; it is not available here.');
    }
    const software = auto ? softwareWebGl(webGlRenderer()) : null;
    if (software) throw new Error(software);
  },
  wasm: async (env) => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    if (env.wasmPaths) wasm.setWasmPaths(env.wasmPaths);
  },
  cpu: async () => {},
};

/**
 * Forward and backward through one dense layer with a sigmoid, compared with the values
 * computed in plain numbers: catches missing kernels and backends that silently return zeros.
 */
export async function selfTest(): Promise<void> {
  const x = [0.5, -1, 2, 1.5, 0.25, -0.75]; // [2, 3]
  const w = [0.1, -0.2, 0.3, 0.4, -0.5, 0.6]; // [3, 2]
  const { value, grad } = tf.tidy(() => {
    const xs = tf.tensor2d(x, [2, 3]);
    const f = (wt: tf.Tensor) => tf.sum(tf.sigmoid(tf.matMul(xs, wt as tf.Tensor2D)));
    const g = tf.valueAndGrad(f);
    const r = g(tf.tensor2d(w, [3, 2]));
    return { value: r.value, grad: r.grad };
  });
  const [v, gr] = await Promise.all([value.data(), grad.data()]);
  value.dispose();
  grad.dispose();

  // Plain-number reference: loss = Σ σ(z), dL/dW[i][j] = Σ_r x[r][i] · σ'(z[r][j]).
  let expectedValue = 0;
  const expectedGrad = new Array<number>(6).fill(0);
  for (let r = 0; r < 2; r++) {
    for (let j = 0; j < 2; j++) {
      let z = 0;
      for (let i = 0; i < 3; i++) z += (x[r * 3 + i] as number) * (w[i * 2 + j] as number);
      const s = 1 / (1 + Math.exp(-z));
      expectedValue += s;
      for (let i = 0; i < 3; i++) {
        expectedGrad[i * 2 + j] =
          (expectedGrad[i * 2 + j] as number) + (x[r * 3 + i] as number) * s * (1 - s);
      }
    }
  }
  const close = (a: number, b: number) => Math.abs(a - b) <= 1e-3 + 1e-3 * Math.abs(b);
  if (
    !close(v[0] as number, expectedValue) ||
    !expectedGrad.every((e, i) => close(gr[i] as number, e))
  ) {
    throw new Error(
      `Self-test gave wrong numbers (loss ${v[0]} instead of ${expectedValue.toFixed(6)}).`,
    );
  }
}

export interface BackendSelection {
  backend: BackendName;
  skipped: SkippedBackend[];
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Tries one backend; resolves on success, rejects with the reason. */
export async function tryBackend(
  name: BackendName,
  env: BackendEnvironment,
  loaders: Record<BackendName, Loader> = LOADERS,
  auto = false,
): Promise<void> {
  await loaders[name](env, auto);
  const ok = await tf.setBackend(name);
  if (!ok || tf.getBackend() !== name) {
    throw new Error(
      `tf.setBackend('${name}') did not take effect (backend is ${tf.getBackend()}).`,
    );
  }
  await selfTest();
}

/**
 * Sets the best working backend. A forced choice is tried alone and its failure is an error
 * (a software GPU is accepted then: the user asked for it); `auto` falls back in order, skips
 * a software WebGPU or WebGL (TOOLCHAIN.md: on SwiftShader WASM is several times faster), and
 * fails only if even the CPU backend fails.
 */
export async function selectBackend(
  choice: BackendChoice,
  env: BackendEnvironment = {},
  loaders: Record<BackendName, Loader> = LOADERS,
): Promise<BackendSelection> {
  const order: BackendName[] = choice === 'auto' ? ['webgpu', 'webgl', 'wasm', 'cpu'] : [choice];
  const skipped: SkippedBackend[] = [];
  for (const name of order) {
    try {
      await tryBackend(name, env, loaders, choice === 'auto');
      return { backend: name, skipped };
    } catch (error) {
      skipped.push({ backend: name, reason: message(error) });
    }
  }
  const reasons = skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ');
  throw new Error(`No usable TensorFlow.js backend (${reasons}).`);
}
