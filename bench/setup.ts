/**
 * What every benchmark trains: the demo project (the live-streaming preset's five tasks and
 * graph, with the demo columns as features: the preset's own three features leave the bottom
 * MLP almost nothing to read) on the seeded demo data, and the settings the runs share.
 * Runs in Node and in the bench page alike.
 */
import { DEMO_ROWS, demoProject, generateDemoTable } from '../src/core/data/demo';
import type { EncodedDataset } from '../src/core/data/encoded';
import { encodeProject } from '../src/core/data/encode';
import type { Project } from '../src/core/project/types';
import type { TrainOptions } from '../src/core/train/options';

export const BATCH_SIZES = [256, 1024, 4096] as const;
export const BENCH_SEED = 7;

export interface BenchData {
  project: Project;
  train: EncodedDataset;
}

/** The demo project and its encoded training rows (no held-out rows: nothing to evaluate). */
export function benchData(rows = DEMO_ROWS): BenchData {
  const project = demoProject();
  const table = generateDemoTable(rows);
  const encoded = encodeProject(project, table, { split: { kind: 'none' } });
  return { project, train: encoded.train };
}

/** Trainer options for a throughput run: no evaluation, a loss read every `reportEvery` steps. */
export function benchOptions(
  project: Project,
  batchSize: number,
  reportEvery: number,
): TrainOptions {
  return {
    batchSize,
    numSteps: 100_000,
    numEpochs: 0,
    seed: BENCH_SEED,
    learningRate: project.train.learningRate,
    beta1: project.train.beta1,
    beta2: project.train.beta2,
    gradientClipNorm: 0,
    shuffle: true,
    evalEverySteps: 0,
    evalBatchSize: batchSize,
    reportEverySteps: reportEvery,
  };
}

/** Steps between two loss reads: about 2,048 samples per window (one step at 4096). */
export function reportEveryFor(batchSize: number): number {
  return Math.max(1, Math.round(2048 / batchSize));
}
