/**
 * The dashboard's downloads: metric history as long CSV (run, step, task, metric, value),
 * held-out predictions with EasyRec's column names, the trained model as the same pair of
 * files `dbmtl train` writes (model.json + weights.bin, so `dbmtl predict --model DIR` reads
 * them), and charts as PNG.
 */
import type { ModelManifest, SavedModel } from '../../core/train/checkpoint';
import type { ScoreColumn } from '../../core/train/evaluate';
import { parseSeriesKey, TOTAL } from '../../store/runHistory';
import type { Run } from '../../store/runStore';

/** Float32 values carry about seven significant digits; more would be noise. */
function csvNumber(v: number): string {
  return Number.isFinite(v) ? String(Number(v.toPrecision(7))) : '';
}

/** RFC 4180 quoting for names that hold a separator, a quote or a line break. */
function csvText(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One row per point: `run,step,task,metric,value`; the total loss has task `total`. */
export function metricsCsv(runs: readonly Run[]): string {
  const lines = ['run,step,task,metric,value'];
  for (const run of runs) {
    const keys = Object.keys(run.history).sort();
    for (const key of keys) {
      const { task, metric } = parseSeriesKey(key);
      const points = run.history[key];
      if (!points) continue;
      points.steps.forEach((step, i) => {
        const value = points.values[i] as number;
        lines.push(
          [csvText(run.name), step, task === TOTAL ? 'total' : task, metric, csvNumber(value)].join(
            ',',
          ),
        );
      });
    }
  }
  return `${lines.join('\n')}\n`;
}

export interface PredictionRows {
  /** The table row (0-based, data rows only) behind each held-out row. */
  rows: Int32Array;
  /** Label values by label column name, one per held-out row. */
  labels: Record<string, Float32Array>;
  columns: ScoreColumn[];
}

/**
 * `row`, the label columns, then the scores: `probs_<task>` for binary tasks, `probs_<task>_<k>`
 * and `y_<task>` for multi-class tasks, `y_<task>` for regression (as `dbmtl predict` writes).
 */
export function predictionsCsv({ rows, labels, columns }: PredictionRows): string {
  const labelNames = Object.keys(labels);
  const header = [
    'row',
    ...labelNames,
    ...columns.flatMap((c) =>
      c.width === 1 ? [c.name] : Array.from({ length: c.width }, (_, k) => `${c.name}_${k}`),
    ),
  ];
  const lines = [header.map(csvText).join(',')];
  for (let r = 0; r < rows.length; r++) {
    const cells = [String(rows[r])];
    for (const name of labelNames) cells.push(csvNumber(labels[name]?.[r] ?? NaN));
    for (const c of columns)
      for (let k = 0; k < c.width; k++) cells.push(csvNumber(c.values[r * c.width + k] ?? NaN));
    lines.push(cells.join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The manifest written as model.json: with the min/max fitted on the training rows. */
export function modelJson(model: SavedModel, fitted: unknown): string {
  const manifest: ModelManifest = { ...model.manifest, encoding: { fitted } };
  return JSON.stringify(manifest);
}

/** A file name part from a run name: letters, digits, dashes. */
export function fileStem(name: string): string {
  return (
    name
      .replace(/[^A-Za-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .toLowerCase() || 'run'
  );
}

export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function downloadText(text: string, fileName: string, type = 'text/csv'): void {
  downloadBlob(new Blob([text], { type }), fileName);
}

export function downloadDataUrl(url: string, fileName: string): void {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
}
