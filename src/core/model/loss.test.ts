/**
 * Per-task losses of every loss type on hand-picked logits, and the weighted reduction, against
 * values worked out by hand below (no tfjs in the expectations).
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DbmtlModel, TaskSpec } from './dbmtl';
import { lossParts, reduceWeighted } from './loss';
import type { BatchTensors } from './inputs';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

function task(overrides: Partial<TaskSpec>): TaskSpec {
  return {
    name: 't',
    labelName: 't',
    lossType: 'CLASSIFICATION',
    numClass: 1,
    weight: 1,
    parents: [],
    taskSpaceIndicatorLabel: '',
    inTaskSpaceWeight: 1,
    outTaskSpaceWeight: 1,
    useSampleWeight: false,
    ...overrides,
  };
}

/** The loss of one task with these logits [B, k], labels and weights. */
function taskLoss(spec: TaskSpec, logits: number[][], labels: number[], weights: number[]): number {
  return tf.tidy(() => {
    const model = {
      tasks: [spec],
      variables: [],
      settings: { l2Regularization: 0, embeddingRegularization: 0 },
    } as unknown as DbmtlModel;
    const batch = {
      size: labels.length,
      inputs: [],
      labels: { t: tf.tensor1d(labels) },
      weights: { t: tf.tensor1d(weights) },
    } as BatchTensors;
    const parts = lossParts(
      model,
      { logits: [tf.tensor2d(logits)], embeddingSquares: null },
      batch,
    );
    return parts.total.dataSync()[0] as number;
  });
}

describe('task losses by hand', () => {
  it.each([
    [
      'binary cross-entropy, weighted, task weight 2',
      task({ weight: 2 }),
      [[0.5], [-1], [2]],
      [1, 0, 0],
      [1, 3, 0],
      // Two non-zero weights: (1·−log σ(0.5) + 3·−log(1 − σ(−1))) / 2, times 2.
      (2 * (-Math.log(sigmoid(0.5)) - 3 * Math.log(1 - sigmoid(-1)))) / 2,
    ],
    [
      'softmax cross-entropy over 3 classes',
      task({ numClass: 3 }),
      [
        [1, 2, 3],
        [0, 0, 0],
      ],
      [2, 0],
      [1, 1],
      (-Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3))) - Math.log(1 / 3)) / 2,
    ],
    [
      'L2 on the raw output',
      task({ lossType: 'L2_LOSS' }),
      [[1.5], [-2]],
      [1, 1],
      [1, 0.5],
      (1 * 0.25 + 0.5 * 9) / 2,
    ],
    [
      'SIGMOID_L2 squashes first',
      task({ lossType: 'SIGMOID_L2_LOSS' }),
      [[0], [2]],
      [1, 0],
      [1, 1],
      ((0.5 - 1) ** 2 + sigmoid(2) ** 2) / 2,
    ],
    ['no non-zero weight gives 0, not NaN', task({}), [[3], [-3]], [1, 0], [0, 0], 0],
  ])('%s', (_name, spec, logits, labels, weights, expected) => {
    expect(taskLoss(spec, logits, labels, weights)).toBeCloseTo(expected, 5);
  });

  it('reduceWeighted divides by the count of non-zero weights, not their sum', () => {
    const value = tf.tidy(
      () => reduceWeighted(tf.tensor1d([1, 2, 3]), tf.tensor1d([0.5, 0, 4])).dataSync()[0],
    );
    expect(value).toBeCloseTo((0.5 * 1 + 4 * 3) / 2, 6);
  });
});
