import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelError } from '../model/errors';
import { auc } from './metrics';
import { trainOptionsFromProject, type TrainEvent, type TrainOptions } from './options';
import { syntheticData, syntheticProject } from './testing/synthetic';
import { train } from './trainer';

const project = syntheticProject();
const trainSet = syntheticData(3000, 101);
const evalSet = syntheticData(1000, 202);

function options(overrides: Partial<TrainOptions> = {}): TrainOptions {
  return { ...trainOptionsFromProject(project), reportEverySteps: 50, ...overrides };
}

async function run(overrides: Partial<TrainOptions> = {}) {
  const events: TrainEvent[] = [];
  const result = await train(project, trainSet.data, evalSet.data, options(overrides), {
    onEvent: (e) => events.push(e),
  });
  result.dispose();
  return { result, events };
}

describe('trainer on seeded synthetic data', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });

  it('learns: click AUC near the oracle, loss decreasing', async () => {
    const { result, events } = await run();
    const oracleAuc = auc(evalSet.oracle, evalSet.data.labels.click as Float32Array);
    const metrics = result.lastEval?.click ?? {};
    expect(result.steps).toBe(300);
    expect(metrics.auc).toBeGreaterThan(0.7);
    expect(metrics.auc).toBeGreaterThan(oracleAuc - 0.06);
    expect(metrics.gauc).toBeGreaterThan(0.55);
    expect(result.lastEval?.dur?.mean_squared_error).toBeLessThan(0.5);
    const progress = events.filter((e) => e.type === 'progress');
    const first = progress[0];
    const last = progress[progress.length - 1];
    expect(first?.type === 'progress' && last?.type === 'progress').toBe(true);
    if (first?.type === 'progress' && last?.type === 'progress') {
      expect(last.totalLoss).toBeLessThan(first.totalLoss * 0.8);
    }
  });

  it('is reproducible with the same seed and differs with another', async () => {
    const short = { numSteps: 40, reportEverySteps: 10 };
    const a = await run(short);
    const b = await run(short);
    const c = await run({ ...short, seed: 4 });
    const losses = (r: typeof a) =>
      r.events.flatMap((e) => (e.type === 'progress' ? [e.totalLoss] : []));
    expect(losses(a)).toEqual(losses(b));
    expect(a.result.lastEval).toEqual(b.result.lastEval);
    expect(losses(c)).not.toEqual(losses(a));
  });

  it('stops between steps when asked', async () => {
    let steps = 0;
    const result = await train(project, trainSet.data, null, options(), {
      betweenSteps: (step) => {
        steps = step;
      },
      shouldStop: () => steps >= 7,
    });
    result.dispose();
    expect(result.stopped).toBe('stopped');
    expect(result.steps).toBe(7);
  });

  it('reports samples/s over the wall clock between reports, less evaluations and pauses', async () => {
    // A clock that moves only when told: steps take no time on it, each betweenSteps 20 ms
    // (a worker yielding to its messages), the evaluation at step 10 one second and a pause
    // after step 12 five seconds (betweenSteps reports it). Every window is then 64 samples
    // per 20 ms: 3200 samples/s.
    let clock = 0;
    const events: TrainEvent[] = [];
    const result = await train(
      project,
      trainSet.data,
      evalSet.data,
      options({ numSteps: 20, reportEverySteps: 5, evalEverySteps: 10, batchSize: 64 }),
      {
        now: () => clock,
        onEvent: (e) => {
          events.push(e);
          if (e.type === 'eval') clock += 1000;
        },
        betweenSteps: (step) => {
          clock += 20;
          if (step !== 12) return;
          clock += 5000;
          return 5000;
        },
      },
    );
    result.dispose();
    const rates = events.flatMap((e) =>
      e.type === 'progress' && Number.isFinite(e.samplesPerSecond)
        ? [[e.step, e.samplesPerSecond]]
        : [],
    );
    expect(rates.map(([step]) => step)).toEqual([5, 10, 15, 20]);
    for (const [, rate] of rates) expect(rate).toBeCloseTo(3200, 6);
  });

  it('counts epochs and drops the last partial batch', async () => {
    // 3000 rows / 64 = 46 full batches per epoch.
    const { result } = await run({ numSteps: 0, numEpochs: 2 });
    expect(result.steps).toBe(92);
    expect(result.epochs).toBe(2);
  });

  it('stops on a non-finite loss, naming the task', async () => {
    const broken = structuredClone(trainSet.data);
    (broken.labels.dur as Float32Array)[5] = NaN;
    const before = tf.memory().numTensors;
    const error = await train(project, broken, null, options({ numSteps: 100 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ModelError);
    expect((error as ModelError).code).toBe('LOSS_NOT_FINITE');
    expect((error as ModelError).message).toMatch(/task "dur"/);
    // The failed run frees its variables.
    expect(tf.memory().numTensors).toBe(before);
  });
});
