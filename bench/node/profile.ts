/**
 * Where a training step's time goes: tf.profile over a few steps of our trainer, kernels
 * grouped by name (count per step, total ms per step). `tsx bench/node/profile.ts wasm 1024`.
 * PROFILE_SHAPES=BatchMatMul,Transpose also lists those kernels by input shapes;
 * WASM_KERNELS=off runs tfjs's own kernels where ours would run (src/core/wasm).
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { resolve } from 'node:path';
import { BatchBuilder } from '../../src/core/model/batch';
import { buildDbmtl } from '../../src/core/model/dbmtl';
import { disposeBatch, inputSpecs } from '../../src/core/model/inputs';
import { Random } from '../../src/core/model/random';
import { Adam } from '../../src/core/train/adam';
import { trainableParams, trainStep } from '../../src/core/train/step';
import { setWasmKernelsEnabled } from '../../src/core/wasm/hostKernels';
import { benchData } from '../setup';

const [backend = 'wasm', batchArg = '1024', stepsArg = '3'] = process.argv.slice(2);
setWasmPaths(`${resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);
await tf.setBackend(backend);
setWasmKernelsEnabled(process.env.WASM_KERNELS !== 'off');
const batchSize = Number(batchArg);
const data = benchData();
const model = buildDbmtl(data.project, inputSpecs(data.train), 1);
const optimizer = new Adam(trainableParams(model), undefined, model.settings.l2Regularization);
const builder = new BatchBuilder(model.inputs, model.tasks, data.train, batchSize);
const random = new Random(3);
const rows = Int32Array.from({ length: batchSize }, (_, i) => i);
const step = () => {
  const batch = builder.build(rows);
  const losses = trainStep(model, optimizer, batch, {
    learningRate: 1e-3,
    gradientClipNorm: 0,
    random,
  });
  disposeBatch(batch);
  return losses;
};
await step().data();
const steps = Number(stepsArg);
let t = performance.now();
for (let i = 0; i < steps; i++) {
  const l = step();
  await l.data();
  l.dispose();
}
const plainMs = (performance.now() - t) / steps;
const byKernel = new Map<string, { n: number; ms: number }>();
t = performance.now();
const info = await tf.profile(async () => {
  for (let i = 0; i < steps; i++) {
    const l = step();
    await l.data();
    l.dispose();
  }
});
const profiledMs = (performance.now() - t) / steps;
for (const k of info.kernels) {
  const e = byKernel.get(k.name) ?? { n: 0, ms: 0 };
  e.n += 1;
  e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  byKernel.set(k.name, e);
}
const rowsOut = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms);
const total = rowsOut.reduce((s, [, e]) => s + e.ms, 0) / steps;
console.log(
  JSON.stringify({
    backend,
    batchSize,
    stepMs: plainMs,
    profiledStepMs: profiledMs,
    kernelsPerStep: info.kernels.length / steps,
    kernelMsPerStep: total,
  }),
);
const byShape = new Map<string, { n: number; ms: number }>();
for (const k of info.kernels) {
  if (!(process.env.PROFILE_SHAPES ?? '').split(',').includes(k.name)) continue;
  const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
  const e = byShape.get(key) ?? { n: 0, ms: 0 };
  e.n += 1;
  e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
  byShape.set(key, e);
}
for (const [name, e] of rowsOut.slice(0, 25))
  console.log(
    name.padEnd(24),
    String(e.n / steps).padStart(6),
    (e.ms / steps).toFixed(2).padStart(9),
  );
if (process.env.PROFILE_SHAPES)
  for (const [key, e] of [...byShape.entries()].sort((a, b) => b[1].ms - a[1].ms))
    console.log(
      key.padEnd(60),
      String(e.n / steps).padStart(6),
      (e.ms / steps).toFixed(2).padStart(9),
    );
