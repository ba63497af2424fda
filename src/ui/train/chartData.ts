/**
 * What each dashboard chart draws: for a task, its loss chart (training loss, held-out loss)
 * and its quality chart (AUC, MAE or accuracy); for the model, the total loss. One line per
 * run and series, coloured by run, joined on the step axis for uPlot.
 */
import type { AlignedData } from 'uplot';
import type { Task } from '../../core/project/types';
import {
  heldOutLossMetric,
  METRIC_LABELS,
  qualityMetrics,
  seriesKey,
  taskKind,
  TOTAL,
  TRAIN_LOSS,
  type History,
  type TaskKind,
} from '../../store/runHistory';
import { fewClassesNote, fewClassesTitle, type Run } from '../../store/runStore';
import { smoothEma } from '../charts/smooth';
import type { LineSpec } from '../charts/LineChart';

export const RUN_COLORS = ['#4f46e5', '#ea580c', '#0d9488', '#db2777', '#65a30d', '#0891b2'];

export interface LineDef {
  runId: string;
  key: string;
  /** Values are divided by this (a task's weight, to chart its unweighted loss). */
  divisor: number;
  /** Training series are noisy and take the smoothing; evaluations do not. */
  smooth: boolean;
  spec: LineSpec;
}

export interface ChartDef {
  id: string;
  title: string;
  /** A caveat shown as the title's tooltip (too few held-out positives for the AUC). */
  note?: string;
  yLabel: string;
  /** Losses may be drawn on a log scale; AUC and accuracy may not. */
  isLoss: boolean;
  lines: LineDef[];
}

const Y_LABELS: Record<TaskKind, { loss: string; quality: string }> = {
  binary: { loss: 'log loss (nats)', quality: 'AUC' },
  regression: { loss: 'MSE (label units²)', quality: 'MAE (label units)' },
  'multi-class': { loss: 'cross-entropy (nats)', quality: 'accuracy (fraction)' },
};

function hasSeries(runs: readonly Run[], key: string): boolean {
  return runs.some((run) => (run.history[key]?.steps.length ?? 0) > 0);
}

/** The loss and quality charts of one task over the shown runs (current run first). */
export function taskCharts(task: Task, runs: readonly Run[]): ChartDef[] {
  const kind = taskKind(task.lossType, task.numClass);
  const heldOut = heldOutLossMetric(kind);
  const withTask = runs.filter((r) => r.project.tasks.some((t) => t.name === task.name));
  const loss: LineDef[] = [];
  const quality: LineDef[] = [];
  withTask.forEach((run, i) => {
    const color = RUN_COLORS[runs.indexOf(run) % RUN_COLORS.length] ?? '#555';
    const weight = run.project.tasks.find((t) => t.name === task.name)?.weight ?? 1;
    loss.push({
      runId: run.id,
      key: seriesKey(task.name, TRAIN_LOSS),
      divisor: weight > 0 ? weight : 1,
      smooth: true,
      spec: { label: `${run.name} · train`, color },
    });
    loss.push({
      runId: run.id,
      key: seriesKey(task.name, heldOut),
      divisor: 1,
      smooth: false,
      spec: { label: `${run.name} · held-out`, color, sparse: true },
    });
    // The first quality metric is also the task node's badge (runHistory.headlineMetric).
    for (const metric of qualityMetrics(kind)) {
      const key = seriesKey(task.name, metric);
      if (metric === 'gauc' && !hasSeries([run], key)) continue;
      quality.push({
        runId: run.id,
        key,
        divisor: 1,
        smooth: false,
        spec: {
          label: `${run.name} · ${metric === 'gauc' ? 'gAUC' : 'held-out'}`,
          color,
          ...(metric === 'gauc' ? { dash: [2, 2] } : {}),
        },
      });
    }
    void i;
  });
  const labels = Y_LABELS[kind];
  const headline = qualityMetrics(kind)[0] as string;
  // The badge on the canvas names the same metric (e.g. "MAE 12.3"); the axis gives the unit.
  const qualityTitle = `held-out ${METRIC_LABELS[headline] ?? headline}`;
  // Too few held-out positives (or negatives) in the current run: its AUC is noise, say so.
  const current = runs[0];
  const few = current && headline === 'auc' ? fewClassesNote(current, task.name) : null;
  const fewTitle = current && few ? fewClassesTitle(current, task.name) : null;
  return [
    {
      id: `${task.name}-loss`,
      title: `${task.name}: loss`,
      yLabel: labels.loss,
      isLoss: true,
      lines: loss,
    },
    {
      id: `${task.name}-quality`,
      title: `${task.name}: ${qualityTitle}${few ? ` · ${few} (noise)` : ''}`,
      ...(fewTitle ? { note: fewTitle } : {}),
      yLabel: labels.quality,
      isLoss: false,
      lines: quality,
    },
  ];
}

/** The total training loss (weighted task losses plus regularisation) of each shown run. */
export function totalChart(runs: readonly Run[]): ChartDef {
  return {
    id: 'total-loss',
    title: 'Total loss (training)',
    yLabel: 'weighted loss',
    isLoss: true,
    lines: runs.map((run, i) => ({
      runId: run.id,
      key: seriesKey(TOTAL, 'total_loss'),
      divisor: 1,
      smooth: true,
      spec: { label: run.name, color: RUN_COLORS[i % RUN_COLORS.length] ?? '#555' },
    })),
  };
}

/** The chart's lines joined on one step axis (missing steps are gaps that uPlot spans). */
export function chartData(
  histories: Record<string, History | undefined>,
  lines: readonly LineDef[],
  smoothing: number,
  logY = false,
): AlignedData {
  const tables = lines.map((line): (number | null)[][] => {
    const points = histories[line.runId]?.[line.key];
    if (!points || points.steps.length === 0) return [[], []];
    let values = points.values.map((v) => v / line.divisor);
    if (line.smooth) values = smoothEma(values, smoothing);
    // A log axis cannot show zero or negative values.
    const shown = logY ? values.map((v) => (v > 0 ? v : null)) : values;
    return [points.steps, shown];
  });
  return joinOnSteps(tables);
}

/** Aligns (steps, values) tables on the union of their steps; a missing step is null (a gap). */
export function joinOnSteps(tables: readonly (readonly (number | null)[])[][]): AlignedData {
  const steps = [...new Set(tables.flatMap((t) => t[0] as number[]))].sort((a, b) => a - b);
  const index = new Map(steps.map((step, i) => [step, i]));
  const columns = tables.map((t) => {
    const column: (number | null)[] = new Array<number | null>(steps.length).fill(null);
    (t[0] as number[]).forEach(
      (step, i) => (column[index.get(step) as number] = t[1]?.[i] ?? null),
    );
    return column;
  });
  return [steps, ...columns];
}
