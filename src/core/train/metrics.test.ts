import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  accuracy,
  auc,
  gauc,
  logLoss,
  multiClassLogLoss,
  meanAbsoluteError,
  meanSquaredError,
  RunningLoss,
  rootMeanSquaredError,
} from './metrics';

/** Brute-force Mann–Whitney pair count, O(n²): the independent reference for `auc`. */
function pairCountAuc(scores: number[], labels: number[]): number {
  let wins = 0;
  let pairs = 0;
  scores.forEach((sp, i) => {
    if (labels[i] !== 1) return;
    scores.forEach((sn, j) => {
      if (labels[j] !== 0) return;
      pairs += 1;
      wins += sp > sn ? 1 : sp === sn ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

describe('auc', () => {
  it('counts ties as one half (pairs counted by hand)', () => {
    // Positives 0.35, 0.8, 0.4, 0.1 against negatives 0.1, 0.4:
    // 0.35 → 1 + 0; 0.8 → 1 + 1; 0.4 → 1 + ½ (tie); 0.1 → ½ (tie) + 0. Wins 5 of 8 pairs.
    const scores = [0.1, 0.4, 0.35, 0.8, 0.4, 0.1];
    const labels = [0, 0, 1, 1, 1, 1];
    expect(auc(scores, labels)).toBeCloseTo(5 / 8, 12);
  });

  it.each([
    ['all scores tied', [0.5, 0.5, 0.5, 0.5], [1, 0, 1, 0], 0.5],
    ['perfect order', [0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1], 1],
    ['reversed order', [0.9, 0.8, 0.2, 0.1], [0, 0, 1, 1], 0],
  ])('%s', (_name, scores, labels, expected) => {
    expect(auc(scores, labels)).toBe(expected);
  });

  it('is NaN when a class is missing', () => {
    expect(auc([0.1, 0.9], [1, 1])).toBeNaN();
    expect(auc([], [])).toBeNaN();
  });

  it('equals the brute-force pair count on random data with many ties', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 1 })), {
          minLength: 2,
          maxLength: 60,
        }),
        (rows) => {
          const scores = rows.map(([s]) => s / 5);
          const labels = rows.map(([, y]) => y);
          if (!labels.includes(0) || !labels.includes(1)) return;
          expect(auc(scores, labels)).toBeCloseTo(pairCountAuc(scores, labels), 12);
        },
      ),
      { seed: 5, numRuns: 200 },
    );
  });
});

describe('gauc', () => {
  // Four users, rows interleaved. Per-user AUCs by hand (pairs positive-over-negative):
  //   user 7: pos {0.9, 0.2}, neg {0.2, 0.5}: 1 + 1 + ½ + 0 = 2.5 of 4 → 5/8 (4 rows, 2 pos)
  //   user 3: pos {0.3}, neg {0.3, 0.6}: ½ + 0 of 2 → 1/4 (3 rows, 1 pos)
  //   user 5: positives only → skipped
  //   user 9: pos {0.8, 0.6, 0.4}, neg {0.4}: 1 + 1 + ½ of 3 → 5/6 (4 rows, 3 pos)
  const rows: [number, number, number][] = [
    [7, 0.9, 1],
    [3, 0.3, 1],
    [9, 0.4, 0],
    [7, 0.2, 0],
    [5, 0.1, 1],
    [3, 0.3, 0],
    [9, 0.8, 1],
    [7, 0.2, 1],
    [9, 0.6, 1],
    [3, 0.6, 0],
    [5, 0.7, 1],
    [7, 0.5, 0],
    [9, 0.4, 1],
  ];
  const groups = Int32Array.from(rows.map((r) => r[0]));
  const scores = rows.map((r) => r[1]);
  const labels = rows.map((r) => r[2]);

  it.each([
    // (5/8 + 1/4 + 5/6) / 3
    ['mean', 41 / 72],
    // (4·5/8 + 3·1/4 + 4·5/6) / 11
    ['mean_by_sample_num', 79 / 132],
    // (2·5/8 + 1·1/4 + 3·5/6) / 6
    ['mean_by_positive_num', 2 / 3],
  ] as const)('%s', (reduction, expected) => {
    expect(gauc(scores, labels, groups, reduction)).toBeCloseTo(expected, 12);
  });

  it('is NaN when no user has both classes', () => {
    expect(gauc([0.1, 0.2], [1, 0], Int32Array.from([1, 2]))).toBeNaN();
  });
});

describe('regression and classification metrics', () => {
  it('log loss clips 0 and 1 to stay finite', () => {
    const expected = -(Math.log(0.9) + Math.log(0.8) + 2 * Math.log(1 - 1e-7)) / 4;
    expect(logLoss([0.9, 0.2, 0, 1], [1, 0, 0, 1])).toBeCloseTo(expected, 12);
  });

  it('MSE, MAE and RMSE by hand', () => {
    // Differences −0.5, 0, 3: squares 0.25, 0, 9; absolutes 0.5, 0, 3.
    const predictions = [1, 2, 4];
    const labels = [1.5, 2, 1];
    expect(meanSquaredError(predictions, labels)).toBeCloseTo(9.25 / 3, 12);
    expect(meanAbsoluteError(predictions, labels)).toBeCloseTo(3.5 / 3, 12);
    expect(rootMeanSquaredError(predictions, labels)).toBeCloseTo(Math.sqrt(9.25 / 3), 12);
  });

  it('accuracy compares class ids', () => {
    expect(accuracy([0, 2, 1, 1], [0, 1, 1, 2])).toBe(0.5);
  });

  it('multi-class log loss is the mean −ln p[label], a zero probability clipped to 1e-7', () => {
    // Rows of 3 class probabilities; labels 0, 1, 2, 0. By hand: (−ln 0.7 − ln 0.3 − ln 0.5 −
    // ln 1e-7) / 4; the literal was computed with Python's math.log: 4.592972644945734.
    const probs = [0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.25, 0.25, 0.5, 0, 1, 0];
    expect(multiClassLogLoss(probs, 3, [0, 1, 2, 0])).toBeCloseTo(4.592972644945734, 12);
    // Without the clipped row: (−ln 0.7 − ln 0.3 − ln 0.5) / 3 = 0.7512649762748712 (Python).
    expect(multiClassLogLoss(probs.slice(0, 9), 3, [0, 1, 2])).toBeCloseTo(0.7512649762748712, 12);
    expect(multiClassLogLoss([], 3, [])).toBeNaN();
  });
});

describe('RunningLoss', () => {
  it('averages the sums added since the last take', () => {
    const running = new RunningLoss(['a', 'b']);
    running.add([1, 10]);
    running.add([6, 20], 2);
    expect(running.take()).toEqual({ a: 7 / 3, b: 10 });
    expect(running.take().a).toBeNaN();
  });
});
