/**
 * Our trainer, timed: the core `train()` exactly as the CLI and the worker call it. The
 * progress events carry each report window's samples/s (measured by the trainer between two
 * loss reads, so queued work is inside); we stop once the time budget is spent.
 */
import * as tf from '@tensorflow/tfjs';
import type { DbmtlModel } from '../../src/core/model/dbmtl';
import { train } from '../../src/core/train/trainer';
import { benchOptions, reportEveryFor, type BenchData } from '../setup';
import { steady, type Throughput, type Window } from './measure';

export interface TrainRun extends Throughput {
  /** From calling train() to the first progress event (step 1 read back). */
  firstPointMs: number;
  /** The first step alone: kernel compilation and first-use allocation. */
  warmUpMs: number;
  params: { embedding: number; dense: number; total: number };
  kernelsPerStep?: number;
}

export function paramCounts(model: DbmtlModel) {
  let embedding = 0;
  let dense = 0;
  for (const v of model.variables) {
    if (v.role === 'bn_moving') continue;
    if (v.role === 'embedding') embedding += v.variable.size;
    else dense += v.variable.size;
  }
  return { embedding, dense, total: embedding + dense };
}

/**
 * How long a measurement may take: it stops once `budgetMs` of steady steps (at least two
 * windows) are timed, or before a step that would end past `limitMs` from the start (slow
 * backends: the figure is then that of the steps finished, maybe one). `every` is the window
 * length in steps.
 */
export interface RunLimits {
  budgetMs: number;
  limitMs: number;
  every?: number;
}

/** True when another step, as long as the last one, would end past the limit. */
export function pastDeadline(elapsedMs: number, lastStepMs: number, limitMs: number): boolean {
  return elapsedMs + lastStepMs > limitMs;
}

export async function runOurs(
  data: BenchData,
  batchSize: number,
  limits: RunLimits,
): Promise<TrainRun> {
  const { budgetMs, limitMs } = limits;
  const options = benchOptions(data.project, batchSize, limits.every ?? reportEveryFor(batchSize));
  const windows: Window[] = [];
  let params = { embedding: 0, dense: 0, total: 0 };
  let firstPointMs = NaN;
  let stepOneStart = NaN;
  let warmUpMs = NaN;
  let measureStart = NaN;
  const start = performance.now();
  let lastStep = 0;
  let lastStepMs = 0;
  const result = await train(data.project, data.train, null, options, {
    onModel: (model) => {
      params = paramCounts(model);
      stepOneStart = performance.now();
    },
    onEvent: (event) => {
      if (event.type !== 'progress') return;
      const now = performance.now();
      if (event.step === 1) {
        firstPointMs = now - start;
        warmUpMs = now - stepOneStart;
        lastStepMs = warmUpMs;
        measureStart = now;
      } else if (Number.isFinite(event.samplesPerSecond)) {
        const steps = event.step - lastStep;
        const ms = (steps * batchSize * 1000) / event.samplesPerSecond;
        windows.push({ steps, samples: steps * batchSize, ms });
        lastStepMs = ms / steps;
      }
      lastStep = event.step;
    },
    shouldStop: () => {
      const now = performance.now();
      if (windows.length >= 2 && now - measureStart > budgetMs) return true;
      return pastDeadline(now - start, lastStepMs, limitMs);
    },
  });
  result.dispose();
  tf.disposeVariables();
  return { ...steady(windows), firstPointMs, warmUpMs, params };
}
