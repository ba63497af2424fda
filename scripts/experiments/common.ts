/**
 * Shared pieces of the experiment scripts: the WASM backend in Node (as `dbmtl train` sets
 * it), one training run that returns the held-out metrics, and summaries (mean, sd, min, max)
 * printed as JSON and as a markdown table. Run the scripts with `npx tsx`.
 */
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import type { EncodedDataset } from '../../src/core/data/encoded';
import type { Project } from '../../src/core/project/types';
import type { EvalMetrics } from '../../src/core/train/evaluate';
import { trainOptionsFromProject, type TrainOptions } from '../../src/core/train/options';
import { train } from '../../src/core/train/trainer';
import { selectBackend } from '../../src/worker/backend';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The WASM backend with its binaries from node_modules. */
export async function wasmBackend(): Promise<string> {
  const wasmPaths = `${REPO}/node_modules/@tensorflow/tfjs-backend-wasm/dist/`;
  return (await selectBackend('wasm', { wasmPaths })).backend;
}

export interface RunRecord {
  seed: number;
  steps: number;
  seconds: number;
  /** Held-out metrics after the last step. */
  metrics: EvalMetrics;
  /** Held-out metrics at each intermediate evaluation, by step. */
  history: { step: number; metrics: EvalMetrics }[];
}

/** Trains `project` once and evaluates on `evalData`; the model is freed afterwards. */
export async function trainOnce(
  project: Project,
  trainData: EncodedDataset,
  evalData: EncodedDataset,
  overrides: Partial<TrainOptions>,
): Promise<RunRecord> {
  const options: TrainOptions = {
    ...trainOptionsFromProject(project),
    reportEverySteps: 50,
    ...overrides,
  };
  const history: RunRecord['history'] = [];
  const started = performance.now();
  const result = await train(project, trainData, evalData, options, {
    onEvent: (e) => {
      if (e.type === 'eval') history.push({ step: e.step, metrics: e.metrics });
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const record: RunRecord = {
    seed: options.seed,
    steps: result.steps,
    seconds,
    metrics: result.lastEval ?? {},
    history,
  };
  result.dispose();
  if (tf.memory().numTensors > 0) tf.disposeVariables();
  return record;
}

export interface Summary {
  mean: number;
  sd: number;
  min: number;
  max: number;
  values: number[];
}

/** Mean, sample standard deviation (n − 1), min and max. */
export function summarise(values: number[]): Summary {
  const n = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, min: Math.min(...values), max: Math.max(...values), values };
}

/** `0.8123 ± 0.0021 (0.8101–0.8140)` with `digits` decimals. */
export function formatSummary(s: Summary, digits = 4): string {
  const f = (x: number) => x.toFixed(digits);
  return `${f(s.mean)} ± ${f(s.sd)} (${f(s.min)}–${f(s.max)})`;
}

export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** The metric a task is judged by: AUC for binary tasks, MSE for regression. */
export function headline(metrics: Record<string, number>): { name: string; value: number } {
  if (metrics.auc !== undefined) return { name: 'auc', value: metrics.auc };
  if (metrics.mean_squared_error !== undefined)
    return { name: 'mse', value: metrics.mean_squared_error };
  return { name: 'accuracy', value: metrics.accuracy ?? NaN };
}
