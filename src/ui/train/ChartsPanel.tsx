/**
 * The charts: the total loss, then per task its loss (training, held-out) and its quality
 * metric, for the current run and any overlaid runs. View options (smoothing, log scale) and
 * the downloads sit in the bar above. Components here render when the shown runs or options
 * change; new points reach the charts through their sources, outside React.
 */
import { useMemo, useRef, useState } from 'react';
import type { Task } from '../../core/project/types';
import { formatMetric, formatTicks } from '../../store/runHistory';
import { runStore, useRunStore, type Run, type RunState } from '../../store/runStore';
import { LineChart, type ChartSource } from '../charts/LineChart';
import { chartData, taskCharts, totalChart, type ChartDef } from './chartData';
import { useDock } from './dockStore';
import { dockStore } from './dockStore';
import { downloadBlob, downloadText, fileStem, metricsCsv, modelJson } from './downloads';
import { filePredictionsCsv, heldOutPredictionsCsv } from './predictions';

/** The current run first, then the overlaid runs, as a stable list of ids. */
function shownIds(s: RunState): string {
  const ids = [s.currentRunId, ...s.compareIds].filter((id): id is string => !!id && id in s.runs);
  return ids.join(' ');
}

function useShownRuns(): Run[] {
  const ids = useRunStore(shownIds);
  // Runs by id at the time the set of shown runs (or their names) changes; histories are read
  // live by the chart sources.
  const names = useRunStore((s) =>
    ids
      .split(' ')
      .map((id) => s.runs[id]?.name)
      .join('\n'),
  );
  return useMemo(() => {
    const { runs } = runStore.getState();
    return ids ? ids.split(' ').flatMap((id) => (runs[id] ? [runs[id]] : [])) : [];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ids, names]);
}

function makeSource(chart: ChartDef, smoothing: number, logY: boolean): ChartSource {
  const runIds = [...new Set(chart.lines.map((l) => l.runId))];
  const histories = (s: RunState) =>
    Object.fromEntries(runIds.map((id) => [id, s.runs[id]?.history]));
  return {
    get: () => chartData(histories(runStore.getState()), chart.lines, smoothing, logY),
    subscribe: (onChange) =>
      runStore.subscribe((s, prev) => {
        if (runIds.some((id) => s.runs[id]?.history !== prev.runs[id]?.history)) onChange();
      }),
  };
}

/** Two 150 px task charts plus one chart header and the gap between them. */
const TOTAL_CHART_HEIGHT = 336;

function Chart({ chart, runKey, height }: { chart: ChartDef; runKey: string; height?: number }) {
  const smoothing = useDock((s) => s.smoothing);
  const logLoss = useDock((s) => s.logLoss);
  const logY = chart.isLoss && logLoss;
  const key = JSON.stringify(chart.lines);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const source = useMemo(() => makeSource(chart, smoothing, logY), [key, smoothing, logY]);
  return (
    <LineChart
      title={chart.title}
      {...(chart.note ? { titleNote: chart.note } : {})}
      xLabel="step"
      yLabel={chart.yLabel}
      lines={chart.lines.map((l) => l.spec)}
      source={source}
      logY={logY}
      formatValue={formatMetric}
      formatTicks={formatTicks}
      pngName={`${fileStem(runKey)}-${chart.id}.png`}
      testId={`chart-${chart.id}`}
      {...(height ? { height } : {})}
    />
  );
}

function TaskCard({ task, runs }: { task: Task; runs: Run[] }) {
  const charts = useMemo(() => taskCharts(task, runs), [task, runs]);
  return (
    <article className="chart-card" data-testid={`task-card-${task.name}`}>
      <h4 className="chart-card__title">
        <span
          className={`loss-dot loss-${task.lossType === 'CLASSIFICATION' ? (task.numClass > 1 ? 'multi-class' : 'binary') : 'regression'}`}
          aria-hidden="true"
        />
        {task.name}
        {task.relationTowerNames.length > 0 && (
          <span className="muted"> ← {task.relationTowerNames.join(', ')}</span>
        )}
      </h4>
      {charts.map((chart) => (
        <Chart key={chart.id} chart={chart} runKey={runs[0]?.name ?? 'run'} />
      ))}
    </article>
  );
}

function Downloads({ run }: { run: Run }) {
  const model = useRunStore((s) => s.models[run.id]);
  const compareIds = useRunStore((s) => s.compareIds);
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const stem = fileStem(run.name);

  const metrics = () => {
    const { runs } = runStore.getState();
    const shown = [run.id, ...compareIds].flatMap((id) => (runs[id] ? [runs[id]] : []));
    downloadText(metricsCsv(shown), `${stem}-metrics.csv`);
  };
  const predictions = async () => {
    if (!model) return;
    setBusy(true);
    setMessage('Scoring the held-out rows…');
    try {
      downloadText(await heldOutPredictionsCsv(run, model), `${stem}-predictions.csv`);
      setMessage(null);
    } catch (error) {
      setMessage(`Predictions failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };
  const fileInput = useRef<HTMLInputElement>(null);
  const predictFile = async (file: File) => {
    if (!model) return;
    setBusy(true);
    setMessage(`Scoring ${file.name}…`);
    try {
      const result = await filePredictionsCsv(run, model, file);
      downloadText(result.csv, `${stem}-predictions-${fileStem(file.name)}.csv`);
      setMessage(
        `Scored ${result.rows.toLocaleString('en')} rows of ${file.name}.` +
          (result.notes.length > 0 ? ` Note: ${result.notes.join(' ')}` : ''),
      );
    } catch (error) {
      setMessage(`Predictions failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      setBusy(false);
    }
  };
  // One file per click: two downloads started by one click race in the browser (the first
  // came back cancelled once). dbmtl predict --model DIR reads both from one folder.
  const manifestFile = () => {
    if (model) downloadText(modelJson(model, run.fitted), 'model.json', 'application/json');
  };
  const weightsFile = () => {
    if (model)
      downloadBlob(
        new Blob([model.weightData], { type: 'application/octet-stream' }),
        'weights.bin',
      );
  };
  const noModel = 'The weights exist after the run ends, in this browser session only.';

  return (
    <div className="train-downloads" aria-label="Downloads">
      <span className="muted">Download</span>
      <button
        type="button"
        className="btn btn-small"
        onClick={metrics}
        data-testid="download-metrics"
        title="run, step, task, metric, value for the shown runs"
      >
        Metrics CSV
      </button>
      <button
        type="button"
        className="btn btn-small"
        disabled={!model || busy}
        onClick={() => void predictions()}
        data-testid="download-predictions"
        title={model ? 'probs_<task> / y_<task> on the held-out rows, with their labels' : noModel}
      >
        Held-out predictions
      </button>
      <button
        type="button"
        className="btn btn-small"
        disabled={!model || busy}
        onClick={() => fileInput.current?.click()}
        data-testid="predict-file"
        title={
          model
            ? 'Score a CSV/TSV file of your own with this run’s model: row, probs_<task> / y_<task> (label columns not needed)'
            : noModel
        }
      >
        Predictions on a file…
      </button>
      <input
        ref={fileInput}
        type="file"
        hidden
        accept=".csv,.tsv,.txt,.gz,text/csv,text/tab-separated-values,text/plain"
        data-testid="predict-file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void predictFile(file);
        }}
      />
      <span
        className="train-downloads__pair"
        role="group"
        aria-label="Trained model: model.json and weights.bin, both into one folder"
        title={
          model
            ? 'Save both into one folder: dbmtl predict --model FOLDER reads model.json and weights.bin'
            : noModel
        }
      >
        <span className="muted">Model:</span>
        <button
          type="button"
          className="btn btn-small"
          disabled={!model}
          onClick={manifestFile}
          data-testid="download-model-json"
        >
          model.json
        </button>
        <button
          type="button"
          className="btn btn-small"
          disabled={!model}
          onClick={weightsFile}
          data-testid="download-model-weights"
        >
          weights.bin
        </button>
      </span>
      {message && (
        <span className="train-downloads__note" role="status">
          {message}
        </span>
      )}
    </div>
  );
}

export function ChartsPanel() {
  const runs = useShownRuns();
  const current = runs[0];
  const smoothing = useDock((s) => s.smoothing);
  const logLoss = useDock((s) => s.logLoss);
  const total = useMemo(() => totalChart(runs), [runs]);
  if (!current) return null;

  return (
    <div className="charts-panel">
      <div className="charts-bar">
        <label className="charts-bar__field">
          <span>smoothing</span>
          <input
            type="range"
            min={0}
            max={0.95}
            step={0.05}
            value={smoothing}
            aria-label="Smoothing of training curves (EMA weight)"
            onChange={(e) => dockStore.getState().setSmoothing(e.target.valueAsNumber)}
          />
          <output>{smoothing.toFixed(2)}</output>
        </label>
        <label className="charts-bar__field">
          <input
            type="checkbox"
            checked={logLoss}
            onChange={(e) => dockStore.getState().setLogLoss(e.target.checked)}
          />
          <span>log scale for losses</span>
        </label>
        <span className="charts-bar__spacer" />
        <Downloads run={current} />
      </div>
      <div className="charts-grid">
        <article className="chart-card" data-testid="task-card-total">
          <h4 className="chart-card__title">All tasks</h4>
          {/* As tall as a task card's two charts: the grid row has no empty half. */}
          <Chart chart={total} runKey={current.name} height={TOTAL_CHART_HEIGHT} />
        </article>
        {current.project.tasks.map((task) => (
          <TaskCard key={task.id} task={task} runs={runs} />
        ))}
      </div>
    </div>
  );
}
