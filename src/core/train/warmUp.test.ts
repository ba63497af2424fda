import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDbmtl, disposeModel } from '../model/dbmtl';
import { inputSpecs } from '../model/inputs';
import { emptyProject, makeTask, mlp } from '../project/defaults';
import { batchNormWarmUp } from './evaluate';
import { syntheticData, syntheticProject } from './testing/synthetic';

describe('batchNormWarmUp', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('is the largest per-layer median of momentum^steps / moving variance', async () => {
    const data = syntheticData(10, 1).data;
    const model = buildDbmtl(syntheticProject(), inputSpecs(data), 1);
    const variances = model.variables.filter((v) => v.name.endsWith('moving_variance'));
    // Bottom [16], three towers [8] and three relations [4], each with batch norm.
    expect(variances).toHaveLength(7);
    // Every layer at 2 except one whose units are 0.5 (half of them) and 4.
    for (const v of variances) v.variable.assign(tf.fill(v.variable.shape, 2));
    const odd = variances[1]!.variable;
    const size = odd.shape[0]!;
    odd.assign(tf.tensor1d(Array.from({ length: size }, (_, i) => (i < size / 2 ? 0.5 : 4))));
    // 0.99^100 = 0.366032 (by hand: e^(100·ln 0.99) = e^(−1.005034)). Shares: 0.183 at 2;
    // 0.732 at 0.5 and 0.0915 at 4; the odd layer's median (index size/2, sorted) is 0.732.
    expect(await batchNormWarmUp(model, 100)).toBeCloseTo(0.366032 / 0.5, 5);
    // After 0 steps the starting values are all there is: capped at 1.
    expect(await batchNormWarmUp(model, 0)).toBe(1);
    disposeModel(model);
  });

  it('is 0 for a model without batch norm', async () => {
    const data = syntheticData(10, 1).data;
    const project = emptyProject('no bn');
    project.tasks = [makeTask('click', { dnn: mlp([4], { useBn: false }), relationDnn: null })];
    project.model = { ...project.model, bottomDnn: mlp([8], { useBn: false }) };
    const model = buildDbmtl(project, inputSpecs(data), 1);
    expect(await batchNormWarmUp(model, 10)).toBe(0);
    disposeModel(model);
  });
});
