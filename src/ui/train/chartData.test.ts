import { describe, expect, it } from 'vitest';
import { liveStreamingPreset } from '../../core/project/presets';
import type { Task } from '../../core/project/types';
import { headlineMetric, seriesKey, taskKind } from '../../store/runHistory';
import { DEFAULT_SETTINGS, selectTaskBadge, type Run, type RunState } from '../../store/runStore';
import { chartData, taskCharts, totalChart } from './chartData';
import { heldOutClasses } from './runController';

function run(id: string, history: Run['history'], weight = 1): Run {
  const project = liveStreamingPreset();
  project.tasks = project.tasks.map((t) => (t.name === 'view_costtime' ? { ...t, weight } : t));
  return {
    id,
    name: `#${id}`,
    createdAt: 0,
    project,
    settings: DEFAULT_SETTINGS,
    trainRows: 100,
    evalRows: 10,
    dataName: 'Demo data',
    fitted: {},
    backend: 'wasm',
    skipped: [],
    phase: 'training',
    error: null,
    history,
    progress: {
      step: 0,
      epoch: 0,
      samplesPerSecond: NaN,
      learningRate: 0,
      totalSteps: 10,
      tensors: 0,
    },
  };
}

const kindOf = (t: Task) => taskKind(t.lossType, t.numClass);

describe('dashboard charts', () => {
  it('draws train and held-out losses per run, the train loss divided by the task weight', () => {
    const a = run(
      '1',
      {
        [seriesKey('view_costtime', 'train_loss')]: { steps: [5, 10], values: [2, 1] },
        [seriesKey('view_costtime', 'mean_squared_error')]: { steps: [10], values: [900] },
      },
      0.001,
    );
    const b = run('2', { [seriesKey('view_costtime', 'train_loss')]: { steps: [5], values: [3] } });
    const task = a.project.tasks.find((t) => t.name === 'view_costtime')!;
    const [loss, quality] = taskCharts(task, [a, b]);
    expect(loss!.lines.map((l) => l.spec.label)).toEqual([
      '#1 · train',
      '#1 · held-out',
      '#2 · train',
      '#2 · held-out',
    ]);
    expect(quality!.yLabel).toBe('MAE (label units)');
    // Weight 0.001: train loss 2 and 1 chart as 2000 and 1000; steps joined as 5, 10.
    const data = chartData({ 1: a.history, 2: b.history }, loss!.lines, 0);
    expect(data[0]).toEqual([5, 10]);
    expect(data[1]).toEqual([2000, 1000]);
    expect(data[2]).toEqual([null, 900]);
    expect(data[3]).toEqual([3, null]);
  });

  it('gives a binary task its AUC chart, and drops non-positive values on a log axis', () => {
    const a = run('1', { [seriesKey('__total', 'total_loss')]: { steps: [1, 2], values: [0, 4] } });
    const click = a.project.tasks.find((t) => t.name === 'is_click')!;
    expect(taskCharts(click, [a])[1]!.title).toBe('is_click: held-out AUC');
    const total = totalChart([a]);
    expect(chartData({ 1: a.history }, total.lines, 0, true)).toEqual([
      [1, 2],
      [null, 4],
    ]);
  });

  it('says in the AUC chart title when the held-out rows have too few positives', () => {
    const project = liveStreamingPreset();
    // is_click: 1, 0, 0, 1, 0 → 2 positives, 3 negatives; view_costtime is regression.
    const heldOut = {
      numRows: 5,
      features: [],
      labels: {
        is_click: Float32Array.from([1, 0, 0, 1, 0]),
        view_costtime: Float32Array.from([1, 2, 3, 4, 5]),
      },
    };
    const counts = heldOutClasses(project, heldOut);
    expect(counts.is_click).toEqual({ positives: 2, negatives: 3 });
    expect(counts.view_costtime).toBeUndefined();
    const a: Run = { ...run('1', {}), heldOutClasses: counts };
    const click = a.project.tasks.find((t) => t.name === 'is_click')!;
    const quality = taskCharts(click, [a])[1]!;
    expect(quality.title).toBe('is_click: held-out AUC · 2 positives (noise)');
    expect(quality.note).toMatch(/^Only 2 positives among the 5 held-out rows/);
    // Enough of both classes: the plain title, no note.
    const b: Run = { ...a, heldOutClasses: { is_click: { positives: 500, negatives: 900 } } };
    expect(taskCharts(click, [b])[1]!.title).toBe('is_click: held-out AUC');
    expect(taskCharts(click, [b])[1]!.note).toBeUndefined();
  });

  it('names in each quality chart the metric its task badge shows', () => {
    // One point of every metric, so each badge has a value.
    const history: Run['history'] = {};
    for (const task of liveStreamingPreset().tasks)
      for (const metric of ['auc', 'mean_absolute_error', 'mean_squared_error', 'accuracy'])
        history[seriesKey(task.name, metric)] = { steps: [10], values: [0.5] };
    const a = run('1', history);
    const state = { runs: { 1: a }, currentRunId: '1' } as unknown as RunState;
    const seen: string[] = [];
    for (const task of a.project.tasks) {
      const badge = selectTaskBadge(task.name)(state) as string;
      const quality = taskCharts(task, [a])[1]!;
      const label = badge.replace(/ [^ ]+$/, '');
      expect(quality.title).toBe(`${task.name}: held-out ${label}`);
      expect(quality.lines[0]!.key).toBe(seriesKey(task.name, headlineMetric(kindOf(task))));
      seen.push(`${task.name}: ${label} (${quality.yLabel})`);
    }
    expect(seen).toContain('view_costtime: MAE (MAE (label units))');
    expect(seen).toContain('is_click: AUC (AUC)');
  });

  it('charts a multi-class task with its cross-entropy and accuracy', () => {
    const a = run('1', {});
    const tier = { ...a.project.tasks[0]!, name: 'tier', numClass: 3 };
    const [loss, quality] = taskCharts(tier, [{ ...a, project: { ...a.project, tasks: [tier] } }]);
    expect(loss!.lines.map((l) => l.key)).toEqual(['tier|train_loss', 'tier|log_loss']);
    expect(loss!.yLabel).toBe('cross-entropy (nats)');
    expect(quality!.title).toBe('tier: held-out accuracy');
  });

  it('returns empty columns before the first point', () => {
    const a = run('1', {});
    expect(chartData({ 1: a.history }, totalChart([a]).lines, 0.6)).toEqual([[], []]);
  });
});
