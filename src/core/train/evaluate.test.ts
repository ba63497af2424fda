import { describe, expect, it } from 'vitest';
import type { EncodedDataset } from '../data/encoded';
import type { TaskSpec } from '../model/dbmtl';
import { scoreColumns, taskMetrics, type TaskPredictions } from './evaluate';

function spec(name: string, numClass: number): TaskSpec {
  return {
    name,
    labelName: `${name}_label`,
    lossType: 'CLASSIFICATION',
    numClass,
    weight: 1,
    parents: [],
    taskSpaceIndicatorLabel: '',
    inTaskSpaceWeight: 1,
    outTaskSpaceWeight: 1,
    useSampleWeight: false,
  };
}

describe('taskMetrics on held-out rows', () => {
  it('gives a multi-class task accuracy and log loss (cross-entropy)', () => {
    // Five held-out rows, three classes. Argmax per row: 0, 2, 1, 1, 0; labels 0, 2, 2, 1, 1:
    // three hits of five, accuracy 0.6. Log loss by hand: −(ln 0.6 + ln 0.5 + ln 0.3 + ln 0.8
    // + ln 0.3) / 5; the literal 0.7670123928584035 was computed with Python's math.log.
    const values = Float32Array.from([
      0.6, 0.3, 0.1, 0.2, 0.3, 0.5, 0.1, 0.6, 0.3, 0.1, 0.8, 0.1, 0.4, 0.3, 0.3,
    ]);
    const task = spec('tier', 3);
    const preds: TaskPredictions[] = [{ task, width: 3, values }];
    const data: EncodedDataset = {
      numRows: 5,
      features: [],
      labels: { tier_label: Float32Array.from([0, 2, 2, 1, 1]) },
    };
    const metrics = taskMetrics(preds, data, new Map());
    expect(metrics.tier?.accuracy).toBeCloseTo(0.6, 12);
    // Float32 inputs: 6 digits is what the stored probabilities carry.
    expect(metrics.tier?.log_loss).toBeCloseTo(0.7670123928584035, 6);
    expect(Object.keys(metrics.tier ?? {}).sort()).toEqual(['accuracy', 'log_loss']);
  });

  it('names multi-class scores probs_<task> (per class) and y_<task> (argmax)', () => {
    const task = spec('tier', 3);
    const columns = scoreColumns([
      { task, width: 3, values: Float32Array.from([0.1, 0.7, 0.2, 0.5, 0.2, 0.3]) },
    ]);
    expect(columns.map((c) => [c.name, c.width])).toEqual([
      ['probs_tier', 3],
      ['y_tier', 1],
    ]);
    expect(Array.from(columns[1]?.values ?? [])).toEqual([1, 0]);
  });
});
