/**
 * Our WebAssembly kernels against the tfjs op path they replace, both on the WASM backend:
 * the same inputs through `wasmKernelsReady()`'s kernels and, with them turned off, through
 * tfjs's own kernels. Shapes are chosen to run both the 4-wide SIMD body and the ragged edges
 * (widths 1, 3, 5, 13, 97, …). Copies, masks and the Adam update must agree bit for bit;
 * sums over rows only to float32 rounding (their order differs).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  batchNormBackward,
  batchNormForward,
  columnSums,
  reluBackward,
  type NamedVariable,
} from '../model/layers';
import { Adam, OWN_SLOTS_FROM } from '../train/adam';
import { compileKernels } from './compile';
import {
  concatColumns,
  gatherRows,
  instantiateKernels,
  matMul2d,
  setWasmKernelsEnabled,
  transpose2d,
  wasmKernelsReady,
} from './hostKernels';
import { KERNELS_SHARED_WASM_BASE64, KERNELS_WASM_BASE64 } from './kernelsBinary';

setWasmPaths(`${resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);

/** A deterministic [rows, cols] matrix with values of both signs and some exact zeros. */
function matrix(rows: number, cols: number, seed: number): tf.Tensor2D {
  const values = Float32Array.from({ length: rows * cols }, (_, i) => {
    const x = Math.sin(seed * 12.9898 + i * 78.233) * 43758.5453;
    const v = (x - Math.floor(x)) * 4 - 2;
    return i % 7 === 3 ? 0 : v;
  });
  return tf.tensor2d(values, [rows, cols]);
}

/** Runs f with our kernels on, then off; returns both results as plain arrays. */
function bothPaths<T>(f: () => T): { ours: T; ops: T } {
  setWasmKernelsEnabled(true);
  expect(wasmKernelsReady()).toBe(true);
  const ours = f();
  setWasmKernelsEnabled(false);
  expect(wasmKernelsReady()).toBe(false);
  const ops = f();
  setWasmKernelsEnabled(true);
  return { ours, ops };
}

const read = (t: tf.Tensor) => Array.from(t.dataSync());

function expectClose(actual: number[], expected: number[], tolerance: number) {
  expect(actual.length).toBe(expected.length);
  actual.forEach((a, i) => {
    const e = expected[i] as number;
    expect(Math.abs(a - e), `[${i}] ${a} vs ${e}`).toBeLessThanOrEqual(
      tolerance * (1 + Math.abs(e)),
    );
  });
}

const SHAPES: [number, number][] = [
  [1, 1],
  [3, 5],
  [4, 4],
  [7, 13],
  [64, 97],
  [130, 33],
];

describe('our WASM kernels', () => {
  beforeAll(async () => {
    expect(await tf.setBackend('wasm')).toBe(true);
  });
  afterEach(() => setWasmKernelsEnabled(true));
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('are the compiled kernels.wat (run `npm run build:kernels` after editing it)', async () => {
    const source = readFileSync(resolve('src/core/wasm/kernels.wat'), 'utf8');
    const base64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
    expect(base64(await compileKernels(source))).toBe(KERNELS_WASM_BASE64);
    expect(base64(await compileKernels(source, true))).toBe(KERNELS_SHARED_WASM_BASE64);
  });

  it("run over a shared memory too (tfjs's threaded build on a cross-origin-isolated page)", () => {
    const memory = new WebAssembly.Memory({ initial: 1, maximum: 16, shared: true });
    expect(memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    const k = instantiateKernels(memory);
    const f32 = new Float32Array(memory.buffer);
    // [2, 3] · [3, 5] + bias, ReLU: A at float 0, B at 16, bias at 32, C at 48, scratch at 64.
    const a = [1, -2, 3, 0.5, 4, -1];
    const b = [1, 0, 2, -1, 3, 0, 1, 1, 0.5, -2, 2, 1, 0, 1, 1];
    const bias = [0.5, -0.5, 0, 1, -10];
    f32.set(a, 0);
    f32.set(b, 16);
    f32.set(bias, 32);
    k.matmul(0, 2, 3, 16 * 4, 5, 0, 32 * 4, 1, 48 * 4, 64 * 4);
    const expected = [0, 1].flatMap((i) =>
      [0, 1, 2, 3, 4].map((j) => {
        let sum = bias[j] as number;
        for (let q = 0; q < 3; q++) sum += (a[i * 3 + q] as number) * (b[q * 5 + j] as number);
        return Math.max(sum, 0);
      }),
    );
    expectClose(Array.from(f32.subarray(48, 58)), expected, 1e-6);
    expect(expected.some((v) => v > 0) && expected.some((v) => v === 0)).toBe(true);
  });

  it('refuse shapes that do not fit, on both paths', () => {
    const a = matrix(2, 3, 1);
    const b = matrix(4, 5, 2);
    const taller = matrix(3, 2, 3);
    for (const on of [true, false]) {
      setWasmKernelsEnabled(on);
      expect(() => matMul2d(a, b)).toThrow(/\[2,3\] · \[4,5\] do not fit/);
      expect(() => matMul2d(a, b, { transposeB: true })).toThrow(/do not fit/);
      expect(() => concatColumns([a, taller])).toThrow(/parts of 2, 3 rows/);
    }
    tf.dispose([a, b, taller]);
  });

  it.each(SHAPES)('transpose a [%i, %i] matrix exactly', (rows, cols) => {
    const x = matrix(rows, cols, rows + cols);
    const { ours, ops } = bothPaths(() => tf.tidy(() => read(transpose2d(x))));
    expect(ours).toEqual(ops);
    expect(ours).toEqual(read(tf.transpose(x)));
    x.dispose();
  });

  it('gather rows by id, a zero row for an id outside the table', () => {
    const table = matrix(10, 5, 3);
    const ids = tf.tensor1d([0, 9, 3, 3, 12, -1, 7], 'int32');
    const inRange = tf.tensor1d([0, 9, 3, 3, 7], 'int32');
    const ours = tf.tidy(() => read(gatherRows(table, ids)));
    const rows = read(tf.gather(table, inRange));
    const zero = [0, 0, 0, 0, 0];
    expect(ours).toEqual([...rows.slice(0, 20), ...zero, ...zero, ...rows.slice(20, 25)]);
    tf.dispose([table, ids, inRange]);
  });

  it('concat columns and pass each part its slice of the gradient', () => {
    const parts = [matrix(9, 1, 1), matrix(9, 5, 2), matrix(9, 16, 3), matrix(9, 3, 4)];
    const weights = matrix(9, 25, 5);
    const run = () =>
      tf.tidy(() => {
        const value = read(concatColumns(parts));
        // d/dpart of Σ (concat · weights) is the part's columns of weights.
        const grads = tf.grads((...xs: tf.Tensor[]) =>
          tf.sum(tf.mul(concatColumns(xs as tf.Tensor2D[]), weights)),
        )(parts);
        return { value, grads: grads.map(read) };
      });
    const { ours, ops } = bothPaths(run);
    expect(ours).toEqual(ops);
    expect(ours.grads[2]).toEqual(read(tf.slice(weights, [0, 6], [9, 16])));
    tf.dispose([...parts, weights]);
  });

  it.each([
    [1, 1, 1, false, false],
    [4, 8, 8, false, false],
    [5, 3, 9, true, true],
    [7, 13, 1, false, true],
    [64, 97, 33, true, false],
    [130, 256, 97, false, true],
    [97, 64, 512, true, true],
  ])(
    'multiply [%i, %i] by a [%i]-column matrix (B transposed: %s, bias and ReLU: %s)',
    (m, k, n, transposeB, fused) => {
      const a = matrix(m, k, m + 3);
      const b = transposeB ? matrix(n, k, n + 5) : matrix(k, n, n + 5);
      const bias = tf.tensor1d(read(matrix(1, n, 9)));
      const { ours, ops } = bothPaths(() =>
        tf.tidy(() =>
          read(
            matMul2d(
              a,
              b,
              fused ? { transposeB, bias: bias as tf.Tensor1D, relu: true } : { transposeB },
            ),
          ),
        ),
      );
      // The same sums in another order (XNNPACK blocks the inner dimension differently).
      expectClose(ours, ops, 1e-5 * Math.sqrt(k));
      // And against a plain float64 product, so that both paths are checked.
      const av = read(a);
      const bv = read(b);
      const bAt = (kk: number, j: number) =>
        (transposeB ? bv[j * k + kk] : bv[kk * n + j]) as number;
      const biasV = read(bias);
      const expected: number[] = [];
      for (let i = 0; i < m; i++)
        for (let j = 0; j < n; j++) {
          let sum = fused ? (biasV[j] as number) : 0;
          for (let kk = 0; kk < k; kk++) sum += (av[i * k + kk] as number) * bAt(kk, j);
          expected.push(fused ? Math.max(sum, 0) : sum);
        }
      expectClose(ours, expected, 1e-5 * Math.sqrt(k));
      tf.dispose([a, b, bias]);
    },
  );

  it.each(SHAPES)('sum the columns of a [%i, %i] matrix', (rows, cols) => {
    const x = matrix(rows, cols, 7);
    const { ours, ops } = bothPaths(() => tf.tidy(() => read(columnSums(x))));
    expectClose(ours, ops, 1e-5);
    x.dispose();
  });

  it.each(SHAPES)('pass a gradient through ReLU, with its bias sums, on [%i, %i]', (rows, cols) => {
    const dy = matrix(rows, cols, 11);
    const y = tf.relu(matrix(rows, cols, 12)) as tf.Tensor2D;
    const { ours, ops } = bothPaths(() =>
      tf.tidy(() => {
        const { g, dBias } = reluBackward(dy, y);
        return { g: read(g), dBias: read(dBias) };
      }),
    );
    // dy · step(y) gives −0 where dy < 0 is masked; the kernel's mask gives +0.
    const unsigned = (values: number[]) => values.map((v) => v + 0);
    expect(unsigned(ours.g)).toEqual(unsigned(ops.g));
    expectClose(ours.dBias, ops.dBias, 1e-5);
    tf.dispose([dy, y]);
  });

  it.each([
    [8, 5, true],
    [64, 97, true],
    [130, 33, false],
    [16, 4, false],
  ])('batch-norm [%i, %i] (ReLU: %s) forward and backward as the op path', (rows, cols, relu) => {
    const z = matrix(rows, cols, 21);
    const gamma = tf.add(1, tf.tensor1d(read(matrix(1, cols, 22)).map((v) => v / 4)));
    const beta = tf.tensor1d(read(matrix(1, cols, 23)));
    const dy = matrix(rows, cols, 24);
    const { ours, ops } = bothPaths(() =>
      tf.tidy(() => {
        const f = batchNormForward(z, gamma as tf.Tensor1D, beta as tf.Tensor1D, relu);
        const b = batchNormBackward(dy, f, gamma as tf.Tensor1D, relu);
        return [f.value, f.xHat, f.mean, f.variance, f.r, b.dz, b.dGamma, b.dBeta, b.dBias].map(
          read,
        );
      }),
    );
    ours.forEach((values, k) => expectClose(values, ops[k] as number[], 2e-5));
    tf.dispose([z, gamma, beta, dy]);
  });

  it.each([
    ['without clipping', 0],
    ['clipped by global norm', 0.5],
  ])('run Adam as the op path does, bit for bit (%s)', (_name, clip) => {
    // A large kernel with its own moments, an odd-sized kernel and a bias sharing the flat ones.
    const sizes = [OWN_SLOTS_FROM + 3, 13, 7];
    const roles = ['kernel', 'kernel', 'bias'] as const;
    const run = (host: boolean) => {
      const params: NamedVariable[] = sizes.map((n, p) => ({
        name: `p${p}`,
        role: roles[p] as NamedVariable['role'],
        variable: tf.variable(
          tf.tensor1d(read(matrix(1, n, 30 + p))),
          true,
          `kernel_adam_${host}_${clip}_${p}`,
        ),
      }));
      const adam = new Adam(params, undefined, 0.01);
      adam.hostKernel = host;
      const l2Values: number[] = [];
      const l2Expected: number[] = [];
      for (let t = 1; t <= 3; t++) {
        // l2 · Σ ½‖W‖² over the two kernels, in float64 from the weights before the update.
        const squares = params
          .slice(0, 2)
          .reduce((sum, p) => sum + read(p.variable).reduce((a, w) => a + w * w, 0), 0);
        l2Expected.push(0.5 * 0.01 * squares);
        l2Values.push(
          tf.tidy(
            () =>
              adam
                .apply(
                  params.map((p, k) => tf.mul(tf.sub(p.variable, 0.5), k + 1)),
                  0.01,
                  clip,
                )
                .dataSync()[0] as number,
          ),
        );
      }
      const result = {
        values: params.map((p) => read(p.variable)),
        slots: adam.slotVariables().map((s) => {
          const values = read(s.variable);
          s.variable.dispose();
          return values;
        }),
        l2Values,
        l2Expected,
      };
      adam.dispose();
      params.forEach((p) => p.variable.dispose());
      return result;
    };
    const ours = run(true);
    const ops = run(false);
    if (clip === 0) {
      expect(ours.values).toEqual(ops.values);
      expect(ours.slots).toEqual(ops.slots);
    } else {
      // The global norm is summed in another order: the scale may differ in its last bit.
      ours.values.forEach((v, k) => expectClose(v, ops.values[k] as number[], 1e-6));
      ours.slots.forEach((v, k) => expectClose(v, ops.slots[k] as number[], 1e-6));
    }
    // The L2 term: ours sums in float64; the op path sums 65k squares in float32, which drifts
    // by ~2e-5 here.
    expectClose(ours.l2Values, ours.l2Expected, 1e-7);
    expectClose(ops.l2Values, ops.l2Expected, 1e-4);
    // The update moved every value: a comparison of untouched weights would prove nothing.
    expect(ours.values[1]).not.toEqual(read(matrix(1, 13, 31)));
  });
});
