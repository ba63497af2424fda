/**
 * The figures behind bench/NOTES.md section 6: the dense products of the demo model at batch
 * 1024 through our WebAssembly product (matMul2d) and through tfjs's own (XNNPACK), plus batch
 * norm forward both ways; median of 30 calls each. Every call gets a B it has not seen, as in
 * training, where weights and gradients are new tensors each step (XNNPACK caches its packing
 * of B by tensor id, which a loop over one B would measure instead).
 *   npx tsx bench/node/products.ts
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { resolve } from 'node:path';
import { batchNormForward } from '../../src/core/model/layers';
import { matMul2d, setWasmKernelsEnabled } from '../../src/core/wasm/hostKernels';

setWasmPaths(`${resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);
await tf.setBackend('wasm');

function medianMs(f: () => tf.Tensor | tf.Tensor[]): number {
  for (let i = 0; i < 5; i++) tf.dispose(f());
  const times: number[] = [];
  for (let i = 0; i < 30; i++) {
    const t = performance.now();
    tf.dispose(f());
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return times[15] as number;
}

const both = (f: () => tf.Tensor | tf.Tensor[]) => {
  setWasmKernelsEnabled(true);
  const ours = medianMs(f);
  setWasmKernelsEnabled(false);
  const tfjs = medianMs(f);
  setWasmKernelsEnabled(true);
  return { ours, tfjs };
};

// [M, K] · [K, N]: forward layers (M = batch) and kernel gradients (M = a layer's width).
const shapes: [number, number, number][] = [
  [1024, 97, 512],
  [1024, 512, 256],
  [1024, 256, 128],
  [1024, 128, 96],
  [1024, 96, 64],
  [97, 1024, 512],
  [512, 1024, 97],
  [256, 1024, 128],
  [128, 1024, 256],
];
console.log('| product | ours ms | GFLOP/s | tfjs ms | GFLOP/s |');
console.log('|---|---|---|---|---|');
for (const [m, k, n] of shapes) {
  const a = tf.randomNormal([m, k]) as tf.Tensor2D;
  const pool = Array.from({ length: 35 }, () => tf.randomNormal([k, n]) as tf.Tensor2D);
  let next = 0;
  const b = () => pool[next++ % pool.length] as tf.Tensor2D;
  const { ours, tfjs } = both(() => matMul2d(a, b()));
  const g = (ms: number) => ((2 * m * k * n) / ms / 1e6).toFixed(1);
  console.log(
    `| [${m}, ${k}] · [${k}, ${n}] | ${ours.toFixed(2)} | ${g(ours)} | ${tfjs.toFixed(2)} | ${g(tfjs)} |`,
  );
  tf.dispose([a, ...pool]);
}
for (const cols of [512, 128]) {
  const z = tf.randomNormal([1024, cols]) as tf.Tensor2D;
  const gamma = tf.ones([cols]) as tf.Tensor1D;
  const beta = tf.zeros([cols]) as tf.Tensor1D;
  const { ours, tfjs } = both(() => {
    const r = batchNormForward(z, gamma, beta, true);
    return [r.value, r.xHat, r.mean, r.variance, r.r];
  });
  console.log(
    `| batch norm forward [1024, ${cols}] | ${ours.toFixed(2)} | | ${tfjs.toFixed(2)} | |`,
  );
  tf.dispose([z, gamma, beta]);
}
