import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NamedVariable } from '../model/layers';
import type { LearningRate } from '../project/types';
import { Adam, clipByGlobalNorm, OWN_SLOTS_FROM } from './adam';
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

describe('Adam, fused over many params with L2 and clipping', () => {
  it.each([
    ['without clipping', 0],
    ['clipped by global norm', 0.5],
  ])('matches a per-parameter update by hand (%s)', (_name, clip) => {
    // Three params: a kernel large enough for its own moments (OWN_SLOTS_FROM), a small
    // kernel and a bias sharing the flat moments. Loss ½‖θ − 1‖² per param, so g = θ − 1,
    // plus L2 on kernels only: g += l2·θ, and the returned term is l2 · Σ ½‖W‖².
    const l2 = 0.1;
    const lr = 0.01;
    const sizes = [OWN_SLOTS_FROM + 3, 6, 4];
    const roles = ['kernel', 'kernel', 'bias'] as const;
    const start = sizes.map((n, p) =>
      Array.from({ length: n }, (_, i) => ((i * 7 + p) % 11) / 5 - 1),
    );
    const params: NamedVariable[] = sizes.map((_n, p) => ({
      name: `p${p}`,
      role: roles[p] as NamedVariable['role'],
      variable: tf.variable(tf.tensor1d(start[p] as number[]), true, `fused_adam_${clip}_${p}`),
    }));
    const adam = new Adam(params, undefined, l2);

    const theta = start.map((a) => [...a]);
    const m = sizes.map((n) => new Array<number>(n).fill(0));
    const v = sizes.map((n) => new Array<number>(n).fill(0));
    for (let t = 1; t <= 3; t++) {
      // Reference: gradients, L2 value, global-norm clipping, then Adam per element.
      const g = theta.map((th, p) => th.map((x) => x - 1 + (roles[p] === 'kernel' ? l2 * x : 0)));
      const expectedL2 =
        0.5 * l2 * theta.slice(0, 2).reduce((s, th) => s + th.reduce((a, x) => a + x * x, 0), 0);
      const norm = Math.sqrt(g.reduce((s, gp) => s + gp.reduce((a, x) => a + x * x, 0), 0));
      const scale = clip > 0 ? clip / Math.max(norm, clip) : 1;
      const stepSize = (lr * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
      g.forEach((gp, p) =>
        gp.forEach((raw, i) => {
          const gi = raw * scale;
          const mp = m[p] as number[];
          const vp = v[p] as number[];
          mp[i] = 0.9 * (mp[i] as number) + 0.1 * gi;
          vp[i] = 0.999 * (vp[i] as number) + 0.001 * gi * gi;
          const tp = theta[p] as number[];
          tp[i] =
            (tp[i] as number) -
            (stepSize * (mp[i] as number)) / (Math.sqrt(vp[i] as number) + 1e-8);
        }),
      );

      const l2Value = tf.tidy(
        () =>
          adam
            .apply(
              params.map((p) => tf.sub(p.variable, 1)),
              lr,
              clip,
            )
            .dataSync()[0],
      );
      expect(l2Value).toBeCloseTo(expectedL2, 1);
      expect(Math.abs((l2Value as number) - expectedL2) / expectedL2).toBeLessThan(1e-5);
    }
    params.forEach((p, k) => {
      const actual = p.variable.dataSync();
      const expected = theta[k] as number[];
      for (let i = 0; i < expected.length; i += k === 0 ? 997 : 1)
        expect(actual[i], `${p.name}[${i}]`).toBeCloseTo(expected[i] as number, 5);
    });
    const slots = adam.slotVariables();
    expect(slots.map((s) => s.name)).toEqual([
      'p0/Adam',
      'p0/Adam_1',
      'p1/Adam',
      'p1/Adam_1',
      'p2/Adam',
      'p2/Adam_1',
    ]);
    expect(slots[2]?.variable.dataSync()[5]).toBeCloseTo((m[1] as number[])[5] as number, 6);
    tf.dispose(slots.map((s) => s.variable));
    adam.dispose();
    params.forEach((p) => p.variable.dispose());
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
