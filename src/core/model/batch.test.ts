import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { BatchBuilder } from './batch';
import { buildDbmtl, disposeModel } from './dbmtl';
import { disposeBatch, inputSpecs, type InputSpec } from './inputs';
import { tinyData, tinyProject } from './testing/tiny';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('BatchBuilder', () => {
  const data = tinyData();
  const model = buildDbmtl(tinyProject(), inputSpecs(data), 1);

  it('pads a short batch with its first row and gives padded rows weight 0', () => {
    const batch = new BatchBuilder(model.inputs, model.tasks, data, 4).build([3, 1]);
    // item ids are 2, 5, 2, 0 by row: rows 3 and 1, then row 3 again as padding.
    const item = batch.inputs[1];
    expect(item?.kind === 'id' && Array.from(item.ids.dataSync())).toEqual([0, 5, 0, 0]);
    // view's weights: task space click (rows 3 and 1 → 1 and 0), then padding.
    expect(Array.from(batch.weights.view?.dataSync() ?? [])).toEqual([1, 0, 0, 0]);
    // kind's weights are the sample weights of rows 3 and 1, then padding.
    expect(Array.from(batch.weights.kind?.dataSync() ?? [])).toEqual([1, 2, 0, 0]);
    disposeBatch(batch);
  });

  it.each([
    // Rows {1, 4}, {5}, {}, {2, 2, 3} of width 3 re-laid to width 2 (cut) and 4 (padded).
    [2, [1, 4, 5, 0, 0, 0, 2, 2], [1, 1, 1, 0, 0, 0, 1, 1]],
    [
      4,
      [1, 4, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0, 2, 2, 3, 0],
      [1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0],
    ],
  ])('fits tag cells to the model width %i', (width, ids, mask) => {
    const inputs = model.inputs.map((s): InputSpec =>
      s.kind === 'tag' ? { ...s, maxItems: width } : s,
    );
    const batch = new BatchBuilder(inputs, model.tasks, data, 4).build([0, 1, 2, 3]);
    const tags = batch.inputs[2];
    expect(tags?.kind).toBe('tag');
    if (tags?.kind === 'tag') {
      expect(Array.from(tags.ids.dataSync())).toEqual(ids);
      expect(Array.from(tags.mask.dataSync())).toEqual(mask);
      expect(tags.mask.shape).toEqual([4, width]);
    }
    disposeBatch(batch);
  });

  it('refuses data whose features do not match the model, naming the input', () => {
    const other = { ...data, features: [...data.features].reverse() };
    expect(() => new BatchBuilder(model.inputs, model.tasks, other, 4)).toThrow(/"user"/);
    disposeModel(model);
  });
});
