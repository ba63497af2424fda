import { describe, expect, it } from 'vitest';
import type { EncodedDataset } from '../../core/data/encoded';
import { emptyProject, makeTask } from '../../core/project/defaults';
import { explainNullMetrics, reportEvery, TrainClock } from './trainProgress';

describe('how often dbmtl train speaks', () => {
  it.each([
    // [--report, planned steps, expected]: without --report, min(100, max(1, ⌊steps/10⌋)).
    [undefined, 50, 5],
    [undefined, 5, 1],
    [undefined, 300, 30],
    [undefined, 5000, 100],
    [undefined, Infinity, 100],
    [50, 150, 50], // an explicit --report is kept
    [0, 150, 1],
  ])('--report %s over %s steps reports every %s', (report, steps, expected) => {
    expect(reportEvery(report, steps)).toBe(expected);
  });

  it('estimates after warm-up and speaks at least every 10 s on slow steps', () => {
    // A fake clock: warm-up 12 s, then 4 s per step: a heartbeat comes at the first step 10 s
    // or more after the last line it said.
    let t = 0;
    const said: string[] = [];
    const clock = new TrainClock(
      50,
      (l) => said.push(l),
      () => t,
    );
    t = 12_000;
    clock.step(1);
    t += 4_000;
    clock.step(2);
    // (50 - 2) steps × 4 s = 192 s = 3 min 12 s.
    expect(said).toEqual([
      'step 1/50 (warm-up, compiles kernels) took 12 s',
      'after warm-up: 4.00 s/step, about 3 min 12 s left for 50 steps',
    ]);
    t += 4_000;
    clock.step(3); // 4 s since the estimate: quiet
    t += 4_000;
    clock.step(4); // 8 s: quiet
    expect(said).toHaveLength(2);
    t += 4_000;
    clock.step(5); // 12 s since the last line: (50 - 5) × 4 s = 180 s
    expect(said[2]).toBe('step 5/50, 4.00 s/step, about 3 min 00 s left');
    t += 4_000;
    clock.step(6); // 4 s since the heartbeat: quiet
    t += 4_000;
    clock.step(7); // 8 s: quiet
    expect(said).toHaveLength(3);
    t += 4_000;
    clock.step(8); // 12 s: (50 - 8) × 4 s = 168 s
    expect(said[3]).toBe('step 8/50, 4.00 s/step, about 2 min 48 s left');
  });
});

describe('explaining a null metric', () => {
  const project = emptyProject('t');
  project.tasks = [makeTask('ctr', { labelName: 'clk' }), makeTask('cvr', { labelName: 'buy' })];
  const heldOut = (clk: number[], buy: number[]): EncodedDataset =>
    ({
      numRows: clk.length,
      labels: { clk: Float32Array.from(clk), buy: Float32Array.from(buy) },
    }) as unknown as EncodedDataset;

  it('names the label and the held-out rows that lack positives or negatives', () => {
    const metrics = { auc_ctr: 0.7, log_loss_ctr: 0.5, auc_cvr: NaN, log_loss_cvr: 0.1 };
    expect(explainNullMetrics(metrics, project, heldOut([1, 0, 0], [0, 0, 0]))).toEqual([
      'auc_cvr: null — no positive rows for buy in the 3 held-out rows',
    ]);
    expect(explainNullMetrics({ auc_ctr: NaN }, project, heldOut([1, 1], [1, 1]))).toEqual([
      'auc_ctr: null — no negative rows for clk in the 2 held-out rows',
    ]);
    expect(explainNullMetrics({ auc_ctr: NaN }, project, null)).toEqual([
      'auc_ctr: null — there are no held-out rows',
    ]);
  });
});
