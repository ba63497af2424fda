import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerSegmentSum } from './segmentSum';

// The baseline's replacement kernel against tfjs's own CPU kernel (read before replacing it)
// and against sums written out by hand. (Vitest runs each file in its own worker, so replacing
// the CPU kernel here touches no other test.)
const x = [1, 2, 3, 4, 5, 6, 7, 8]; // [4, 2]
const ids = [2, 0, 2, 3];
const byHand = [3, 4, 0, 0, 1 + 5, 2 + 6, 7, 8]; // rows 0, 1 (none), 2 (rows 0 and 2), 3

const run = () =>
  tf.tidy(() =>
    tf.unsortedSegmentSum(tf.tensor2d(x, [4, 2]), tf.tensor1d(ids, 'int32'), 4).arraySync(),
  );

describe('the LayersModel baseline segment sum', () => {
  it('gives what tfjs-cpu gives, on the CPU backend', async () => {
    await tf.setBackend('cpu');
    const reference = run();
    registerSegmentSum('cpu');
    expect(run()).toEqual(reference);
    expect(run().flat()).toEqual(byHand);
  });

  it('gives the same sums on WASM, where tfjs has no such kernel', async () => {
    setWasmPaths(`${resolve('node_modules/@tensorflow/tfjs-backend-wasm/dist')}/`);
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    registerSegmentSum('wasm');
    expect(run().flat()).toEqual(byHand);
  });
});
