import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NamedVariable } from '../model/layers';
import type { LearningRate } from '../project/types';
import { Adam, clipByGlobalNorm } from './adam';
import { learningRateAt } from './schedule';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('learningRateAt', () => {
  const decay = (staircase: boolean, minLearningRate = 0): LearningRate => ({
    kind: 'exponential',
    initialLearningRate: 0.1,
    decaySteps: 10,
    decayFactor: 0.5,
    staircase,
    minLearningRate,
  });

  it.each([
    ['constant', { kind: 'constant', learningRate: 0.003 } as LearningRate, 1234, 0.003],
    ['staircase, step 0', decay(true), 0, 0.1],
    ['staircase, step 9 (still the first stair)', decay(true), 9, 0.1],
    ['staircase, step 10', decay(true), 10, 0.05],
    ['staircase, step 25 (floor 2)', decay(true), 25, 0.025],
    ['smooth, step 5: 0.1 · 0.5^0.5', decay(false), 5, 0.1 * Math.SQRT1_2],
    ['minimum wins', decay(true, 0.03), 25, 0.03],
  ])('%s', (_name, schedule, step, expected) => {
    expect(learningRateAt(schedule, step)).toBeCloseTo(expected, 12);
  });
});

describe('Adam (TF1 form)', () => {
  it('matches the update rule computed by hand over three steps', () => {
    // Minimise θ² from θ = [1, −2]: the gradient is 2θ.
    const variable = tf.variable(tf.tensor1d([1, -2]), true, 'adam_test_theta');
    const param: NamedVariable = { name: 'theta', role: 'kernel', variable };
    const adam = new Adam([param]);
    const lr = 0.1;

    // Reference in plain numbers.
    const theta = [1, -2];
    const m = [0, 0];
    const v = [0, 0];
    for (let t = 1; t <= 3; t++) {
      const stepSize = (lr * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
      theta.forEach((th, i) => {
        const g = 2 * th;
        m[i] = 0.9 * (m[i] as number) + 0.1 * g;
        v[i] = 0.999 * (v[i] as number) + 0.001 * g * g;
        theta[i] = th - (stepSize * (m[i] as number)) / (Math.sqrt(v[i] as number) + 1e-8);
      });
      tf.tidy(() => adam.apply([tf.mul(2, variable)], lr));
    }

    const actual = Array.from(variable.dataSync());
    actual.forEach((a, i) => expect(a).toBeCloseTo(theta[i] as number, 6));
    // Adam's first steps move each coordinate by about lr, whatever the gradient's scale.
    expect(actual[0]).toBeCloseTo(1 - 0.3, 2);
    expect(adam.step).toBe(3);
    expect(adam.slotVariables().map((s) => s.name)).toEqual(['theta/Adam', 'theta/Adam_1']);
    adam.dispose();
    variable.dispose();
  });
});

describe('clipByGlobalNorm', () => {
  it.each([
    ['scales down above the limit', 1, [0.6, 0.8, 0]],
    ['leaves gradients under the limit alone', 10, [3, 4, 0]],
  ])('%s', (_name, clip, expected) => {
    // Two tensors with global norm √(3² + 4² + 0²) = 5.
    const clipped = tf.tidy(() =>
      clipByGlobalNorm([tf.tensor1d([3, 4]), tf.tensor1d([0])], clip).map((t) =>
        Array.from(t.dataSync()),
      ),
    );
    expect(clipped.flat().map((x) => Number(x.toFixed(6)))).toEqual(expected);
  });
});
