import { describe, expect, it } from 'vitest';
import { liveStreamingPreset } from '../../core/project/presets';
import { seriesKey, TOTAL } from '../../store/runHistory';
import { DEFAULT_SETTINGS, type Run } from '../../store/runStore';
import { fileStem, metricsCsv, predictionsCsv } from './downloads';

const run = (name: string, history: Run['history']): Run => ({
  id: name,
  name,
  createdAt: 0,
  project: liveStreamingPreset(),
  settings: DEFAULT_SETTINGS,
  trainRows: 10,
  evalRows: 2,
  dataName: 'Demo data',
  fitted: {},
  backend: 'wasm',
  skipped: [],
  phase: 'finished',
  progress: { step: 2, epoch: 0, samplesPerSecond: 1, learningRate: 0, totalSteps: 2, tensors: 0 },
  history,
  error: null,
});

describe('downloads', () => {
  it('writes one metrics row per point, quoting run names that hold a comma', () => {
    const csv = metricsCsv([
      run('#1 a, b', {
        [seriesKey('is_click', 'auc')]: { steps: [10], values: [0.7123456789] },
        [seriesKey(TOTAL, 'total_loss')]: { steps: [5, 10], values: [2, 1.5] },
      }),
    ]);
    expect(csv).toBe(
      'run,step,task,metric,value\n' +
        '"#1 a, b",5,total,total_loss,2\n' +
        '"#1 a, b",10,total,total_loss,1.5\n' +
        '"#1 a, b",10,is_click,auc,0.7123457\n',
    );
  });

  it('writes predictions with the row, the labels and EasyRec output names', () => {
    const csv = predictionsCsv({
      rows: Int32Array.from([4, 9]),
      labels: { is_click: Float32Array.from([1, 0]) },
      columns: [
        { name: 'probs_is_click', width: 1, values: Float32Array.from([0.75, 0.25]) },
        { name: 'probs_genre', width: 2, values: Float32Array.from([0.5, 0.5, 0.125, 0.875]) },
        { name: 'y_genre', width: 1, values: Float32Array.from([0, 1]) },
      ],
    });
    expect(csv).toBe(
      'row,is_click,probs_is_click,probs_genre_0,probs_genre_1,y_genre\n' +
        '4,1,0.75,0.5,0.5,0\n' +
        '9,0,0.25,0.125,0.875,1\n',
    );
  });

  it.each([
    ['#2 Live streaming (no relations)', '2-live-streaming-no-relations'],
    ['***', 'run'],
  ])('names files after %s as %s', (name, stem) => expect(fileStem(name)).toBe(stem));
});
