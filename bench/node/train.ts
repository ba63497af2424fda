/**
 * One training measurement in its own Node process (so its peak memory is its own):
 *   tsx bench/node/train.ts <ours|layers> <wasm|cpu> <batch> <budgetMs> [limitMs] [every]
 * Prints one JSON line. `limitMs` ends the measurement before a step that would finish past
 * it, keeping the steps timed by then; `every` is the number of steps a timed window holds.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { resolve } from 'node:path';
import { benchData } from '../setup';
import { runLayers } from './layers';
import { runOurs } from './ours';
import { registerSegmentSum } from './segmentSum';

const [
  impl = 'ours',
  backend = 'wasm',
  batchArg = '1024',
  budgetArg = '6000',
  limitArg = '60000',
  everyArg,
] = process.argv.slice(2);
setWasmPaths(`${resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);
if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} unavailable`);
if (impl === 'layers' && (backend === 'wasm' || backend === 'cpu')) registerSegmentSum(backend);
const data = benchData();
const run = impl === 'ours' ? runOurs : runLayers;
const result = await run(data, Number(batchArg), {
  budgetMs: Number(budgetArg),
  limitMs: Number(limitArg),
  every: everyArg === undefined ? undefined : Number(everyArg),
});
const peakRssMB = process.resourceUsage().maxRSS / 1024;
console.log(JSON.stringify({ impl, backend, batchSize: Number(batchArg), ...result, peakRssMB }));
