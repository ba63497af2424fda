/**
 * A run's metric history: one series of (step, value) points per task and metric, appended
 * as the worker reports them and thinned to a fixed cap so that long runs stay small enough
 * for browser storage and fast enough to chart.
 */
import type { EvalMetrics } from '../core/train/evaluate';
import type { LossType } from '../core/project/types';

/** The task name of series that belong to the whole model (the total loss). */
export const TOTAL = '__total';
/** Per task: the running average of the training loss between two reports. */
export const TRAIN_LOSS = 'train_loss';

/** Points per series kept; past it every other older point is dropped. */
export const MAX_POINTS = 600;

export interface Points {
  steps: number[];
  values: number[];
}

/** Series by `task|metric` key. */
export type History = Record<string, Points>;

export function seriesKey(task: string, metric: string): string {
  return `${task}|${metric}`;
}

export function parseSeriesKey(key: string): { task: string; metric: string } {
  const bar = key.lastIndexOf('|');
  return { task: key.slice(0, bar), metric: key.slice(bar + 1) };
}

/**
 * Halves the older points (keeps even indices) until the series fits the cap; the newest point
 * always stays, so the chart's right edge and the badge agree.
 */
export function thin(points: Points, cap = MAX_POINTS): Points {
  let { steps, values } = points;
  while (steps.length > cap) {
    const keep = (_: number, i: number) => i % 2 === 0 || i === steps.length - 1;
    const last = steps.length - 1;
    const nextSteps = steps.filter(keep);
    values = values.filter((_, i) => i % 2 === 0 || i === last);
    steps = nextSteps;
  }
  return { steps, values };
}

/** A new history with one point appended to each given series (non-finite values skipped). */
export function appendPoints(
  history: History,
  step: number,
  values: Record<string, number>,
  cap = MAX_POINTS,
): History {
  const next = { ...history };
  for (const [key, value] of Object.entries(values)) {
    if (!Number.isFinite(value)) continue;
    const old = next[key] ?? { steps: [], values: [] };
    // A repeated step (the final report after the last regular one) replaces the point.
    const replace = old.steps[old.steps.length - 1] === step;
    const steps = replace ? [...old.steps.slice(0, -1), step] : [...old.steps, step];
    const vals = replace ? [...old.values.slice(0, -1), value] : [...old.values, value];
    next[key] = thin({ steps, values: vals }, cap);
  }
  return next;
}

/** The keyed values of a progress report: total loss and each task's training loss. */
export function progressValues(loss: Record<string, number>, totalLoss: number) {
  const values: Record<string, number> = { [seriesKey(TOTAL, 'total_loss')]: totalLoss };
  for (const [task, value] of Object.entries(loss)) values[seriesKey(task, TRAIN_LOSS)] = value;
  return values;
}

/** The keyed values of an evaluation: every metric of every task. */
export function evalValues(metrics: EvalMetrics): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [task, byMetric] of Object.entries(metrics))
    for (const [metric, value] of Object.entries(byMetric)) values[seriesKey(task, metric)] = value;
  return values;
}

export type TaskKind = 'binary' | 'multi-class' | 'regression';

export function taskKind(lossType: LossType, numClass: number): TaskKind {
  if (lossType !== 'CLASSIFICATION') return 'regression';
  return numClass > 1 ? 'multi-class' : 'binary';
}

/**
 * The held-out metric a task's badge shows: the same metric as the first line of the task's
 * quality chart (AUC, MAE, accuracy), so the canvas and the dashboard name one figure.
 */
export function headlineMetric(kind: TaskKind): string {
  return qualityMetrics(kind)[0] as string;
}

/** Held-out loss: log loss (binary), cross-entropy (multi-class, as log_loss), MSE (regression). */
export function heldOutLossMetric(kind: TaskKind): string {
  return kind === 'regression' ? 'mean_squared_error' : 'log_loss';
}

/** The quality metrics charted beside the losses; the first is the badge's. */
export function qualityMetrics(kind: TaskKind): string[] {
  if (kind === 'binary') return ['auc', 'gauc'];
  if (kind === 'regression') return ['mean_absolute_error'];
  return ['accuracy'];
}

/** What a badge's figure is and in which unit (its tooltip; the chart's axis says the same). */
export function metricDescription(metric: string, labelName: string): string {
  switch (metric) {
    case 'auc':
      return 'held-out AUC (0.5 = chance, 1 = perfect ranking)';
    case 'mean_absolute_error':
      return `held-out mean absolute error, in the units of ${labelName} (label units)`;
    case 'mean_squared_error':
      return `held-out mean squared error, in the units of ${labelName} squared`;
    case 'accuracy':
      return 'held-out accuracy (fraction of rows whose most probable class is the label)';
    default:
      return `held-out ${METRIC_LABELS[metric] ?? metric}`;
  }
}

export const METRIC_LABELS: Record<string, string> = {
  auc: 'AUC',
  gauc: 'gAUC',
  log_loss: 'log loss',
  mean_squared_error: 'MSE',
  mean_absolute_error: 'MAE',
  root_mean_squared_error: 'RMSE',
  accuracy: 'accuracy',
  train_loss: 'train loss',
  total_loss: 'total loss',
};

/**
 * Compact text for a metric value: 3 decimals below 1 (AUC 0.712), 4 significant digits up to
 * 10 000 (MSE 124.7), else one decimal in exponent form (1.2e4).
 */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return '–';
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 0.001 && abs < 1) return value.toFixed(3);
  if (abs >= 1 && abs < 10_000) return String(Number(value.toPrecision(4)));
  return value.toExponential(1).replace('e+', 'e');
}

/**
 * An axis tick with `digits` significant digits (3 by default), in exponent form outside
 * [0.001, 10 000).
 */
export function formatTick(value: number, digits = 3): string {
  if (!Number.isFinite(value)) return '';
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 0.001 && abs < 10_000) return String(Number(value.toPrecision(digits)));
  return value.toExponential(digits - 2).replace('e+', 'e');
}

/**
 * An axis's ticks, each with the fewest significant digits (3 to 8) at which no two read the
 * same: a loss that moves in its fourth digit gets 4.2401, 4.2402, not 4.24 three times.
 */
export function formatTicks(ticks: readonly number[]): string[] {
  let labels: string[] = [];
  for (let digits = 3; digits <= 8; digits++) {
    labels = ticks.map((t) => formatTick(t, digits));
    if (new Set(labels).size === labels.length) break;
  }
  return labels;
}
