import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mlp } from '../project/defaults';
import { applyMlp, makeMlp, ParamStore } from './layers';
import { Random } from './random';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('dropout in an MLP layer', () => {
  const store = new ParamStore(new Random(1));
  const layer = makeMlp(
    store,
    'd',
    mlp([64], { useBn: false, activation: 'tanh', dropoutRatio: [0.5] }),
    3,
  );
  const x = tf.tensor2d([
    [0.3, -0.2, 0.9],
    [1, 0.5, -0.4],
  ]);
  afterAll(() => {
    store.dispose();
    x.dispose();
  });
  const run = (training: boolean, seed: number) =>
    tf.tidy(() =>
      Array.from(
        applyMlp(layer, x, {
          training,
          updateMovingStats: false,
          random: new Random(seed),
        }).dataSync(),
      ),
    );

  it('keeps or zeroes each unit, scaling kept ones by 1 / (1 − rate), in training only', () => {
    const inference = run(false, 3);
    const training = run(true, 3);
    expect(inference.every((v) => v !== 0)).toBe(true);
    let dropped = 0;
    training.forEach((v, i) => {
      if (v === 0) dropped += 1;
      else expect(v).toBeCloseTo(2 * (inference[i] as number), 5);
    });
    // 128 units at rate 0.5: far from none and far from all.
    expect(dropped).toBeGreaterThan(30);
    expect(dropped).toBeLessThan(98);
  });

  it('draws the same masks from the same seed and other masks from another', () => {
    expect(run(true, 3)).toEqual(run(true, 3));
    expect(run(true, 4)).not.toEqual(run(true, 3));
  });
});
