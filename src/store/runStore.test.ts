import { describe, expect, it } from 'vitest';
import { FEW_POSITIVES } from '../core/data/sanity';
import { liveStreamingPreset, taobaoPreset, withoutRelations } from '../core/project/presets';
import type { SavedModel } from '../core/train/checkpoint';
import type { FromWorker } from '../worker/protocol';
import {
  appendPoints,
  formatMetric,
  formatTick,
  formatTicks,
  seriesKey,
  thin,
  TOTAL,
} from './runHistory';
import { debouncedStorage, type KeyValueStorage } from './runStorage';
import {
  badgeRun,
  createRunStore,
  drawnKey,
  interruptedText,
  interruptedTitle,
  DEFAULT_SETTINGS,
  fewClassesNote,
  MAX_RUNS,
  selectTaskBadge,
  selectTaskBadgeTitle,
  totalStepsOf,
  type NewRun,
} from './runStore';

class MemoryStorage implements KeyValueStorage {
  items = new Map<string, string>();
  failAbove = Infinity;
  getItem = (key: string) => this.items.get(key) ?? null;
  setItem = (key: string, value: string) => {
    if (value.length > this.failAbove) throw new Error('QuotaExceededError');
    this.items.set(key, value);
  };
  removeItem = (key: string) => void this.items.delete(key);
}

function setup(memory = new MemoryStorage()) {
  const storage = debouncedStorage<never>(() => memory, 10);
  const store = createRunStore(storage as never);
  return { store, storage, memory };
}

const run = (id: string): NewRun => ({
  id,
  name: `run ${id}`,
  project: liveStreamingPreset(),
  settings: DEFAULT_SETTINGS,
  trainRows: 1000,
  evalRows: 250,
  dataName: 'Demo data',
  fitted: {},
});

const progress = (runId: string, step: number, loss: number): FromWorker => ({
  type: 'progress',
  runId,
  tensors: 42,
  event: {
    type: 'progress',
    step,
    epoch: 0,
    samplesPerSecond: 512,
    learningRate: 0.001,
    loss: { is_click: loss, view_costtime: 10 * loss },
    totalLoss: 11 * loss,
  },
});

const evaluation = (runId: string, step: number, auc: number, mse: number): FromWorker => ({
  type: 'eval',
  runId,
  event: {
    type: 'eval',
    step,
    epoch: 0,
    metrics: {
      is_click: { auc, log_loss: 0.5 },
      view_costtime: { mean_squared_error: mse, mean_absolute_error: 3 },
    },
  },
});

describe('run history', () => {
  it('thins the older half past the cap and always keeps the newest point', () => {
    // 7 points, cap 4: even indices 0, 2, 4, 6 stay (6 is also the newest).
    const points = { steps: [1, 2, 3, 4, 5, 6, 7], values: [10, 20, 30, 40, 50, 60, 70] };
    expect(thin(points, 4)).toEqual({ steps: [1, 3, 5, 7], values: [10, 30, 50, 70] });
    // 6 points, cap 4: indices 0, 2, 4 and the newest (5).
    const six = { steps: [1, 2, 3, 4, 5, 6], values: [1, 2, 3, 4, 5, 6] };
    expect(thin(six, 4)).toEqual({ steps: [1, 3, 5, 6], values: [1, 3, 5, 6] });
  });

  it('replaces the point of a repeated step and skips non-finite values', () => {
    let history = appendPoints({}, 10, { a: 1, b: NaN });
    history = appendPoints(history, 10, { a: 2 });
    history = appendPoints(history, 20, { a: 3, b: Infinity });
    expect(history).toEqual({ a: { steps: [10, 20], values: [2, 3] } });
  });

  it.each([
    [0.71234, '0.712'],
    [123.44, '123.4'],
    [1234, '1234'],
    [12345, '1.2e4'],
    [0.00012, '1.2e-4'],
    [0, '0'],
    [NaN, '–'],
  ])('formats %d as %s', (value, text) => expect(formatMetric(value)).toBe(text));

  it.each([
    [0.5, '0.5'],
    [1000, '1000'],
    [0.12345, '0.123'],
    [25000, '2.5e4'],
  ])('labels an axis tick %d as %s', (value, text) => expect(formatTick(value)).toBe(text));

  it('gives an axis on a narrow range as many digits as its ticks need to differ', () => {
    // Three significant digits read 4.24 for all three ticks; five tell them apart.
    expect(formatTicks([4.2401, 4.2402, 4.2403])).toEqual(['4.2401', '4.2402', '4.2403']);
    // A wide range keeps three digits.
    expect(formatTicks([0.2, 0.4, 0.6])).toEqual(['0.2', '0.4', '0.6']);
    expect(formatTicks([25000, 25100])).toEqual(['2.50e4', '2.51e4']);
  });

  it.each([
    // steps only; epochs only (1000 rows / batch 256 = 3 full batches per epoch); both: the smaller
    [{ numSteps: 300, numEpochs: 0, batchSize: 256 }, 300],
    [{ numSteps: 0, numEpochs: 2, batchSize: 256 }, 6],
    [{ numSteps: 5, numEpochs: 2, batchSize: 256 }, 5],
    // a batch larger than the data trains on all rows: one step per epoch
    [{ numSteps: 0, numEpochs: 4, batchSize: 4096 }, 4],
  ])('a run of %o over 1000 rows takes %d steps', (patch, steps) =>
    expect(totalStepsOf({ ...DEFAULT_SETTINGS, ...patch }, 1000)).toBe(steps),
  );
});

describe('run store', () => {
  it('folds backend, state, progress, eval and done messages into the run', () => {
    const { store } = setup();
    store.getState().addRun(run('r1'));
    const { receive } = store.getState();
    receive({
      type: 'backend',
      runId: 'r1',
      backend: 'wasm',
      skipped: [{ backend: 'webgpu', reason: 'no adapter' }],
    });
    receive({ type: 'state', runId: 'r1', state: 'compiling' });
    receive(progress('r1', 1, 0.7));
    receive(progress('r1', 20, 0.5));
    receive(evaluation('r1', 20, 0.61, 1500));
    receive({
      type: 'progress',
      runId: 'other',
      tensors: 1,
      event: (progress('x', 5, 9) as never as { event: never }).event,
    });

    const r = store.getState().runs.r1!;
    expect(r.backend).toBe('wasm');
    expect(r.skipped[0]?.reason).toBe('no adapter');
    expect(r.phase).toBe('compiling');
    expect(r.progress).toMatchObject({
      step: 20,
      samplesPerSecond: 512,
      totalSteps: 300,
      tensors: 42,
    });
    expect(r.history[seriesKey('is_click', 'train_loss')]).toEqual({
      steps: [1, 20],
      values: [0.7, 0.5],
    });
    expect(r.history[seriesKey(TOTAL, 'total_loss')]?.values).toEqual([0.7 * 11, 0.5 * 11]);
    expect(r.history[seriesKey('is_click', 'auc')]).toEqual({ steps: [20], values: [0.61] });

    const model = { manifest: {}, weightData: new ArrayBuffer(8) } as unknown as SavedModel;
    receive({
      type: 'done',
      runId: 'r1',
      stopped: 'finished',
      steps: 300,
      epochs: 4,
      lastEval: null,
      model,
    });
    expect(store.getState().runs.r1?.phase).toBe('finished');
    expect(store.getState().models.r1).toBe(model);
  });

  it('keeps a requested stop against a late training state, and ends with stopped', () => {
    const { store } = setup();
    store.getState().addRun(run('r1'));
    store.getState().markStopping('r1');
    store.getState().receive({ type: 'state', runId: 'r1', state: 'training' });
    expect(store.getState().runs.r1?.phase).toBe('stopping');
  });

  it('ends the active run on a worker crash that names no run, offering CPU when told', () => {
    const { store } = setup();
    store.getState().addRun(run('r1'));
    store.getState().receive({
      type: 'error',
      runId: '',
      code: 'DEVICE_LOST',
      message: 'lost',
      where: 'step 7',
      step: 7,
      offerCpu: true,
    });
    expect(store.getState().runs.r1).toMatchObject({
      phase: 'error',
      error: { code: 'DEVICE_LOST', offerCpu: true },
      // The last (throttled) progress report said step 0; the error knows the step.
      progress: { step: 7 },
    });
  });

  it('gives each task node its own badge text from the current run', () => {
    const { store } = setup();
    store.getState().addRun(run('r1'));
    expect(selectTaskBadge('is_click')(store.getState())).toBeNull();
    store.getState().receive(evaluation('r1', 20, 0.71234, 1234));
    expect(selectTaskBadge('is_click')(store.getState())).toBe('AUC 0.712');
    // Regression: the MAE (the metric of the task's quality chart), not the MSE of 1234.
    expect(selectTaskBadge('view_costtime')(store.getState())).toBe('MAE 3');
    expect(selectTaskBadgeTitle('view_costtime')(store.getState())).toBe(
      'Held-out mean absolute error, in the units of view_costtime (label units), step 20 of run r1',
    );
    expect(selectTaskBadge('no_such_task')(store.getState())).toBeNull();
  });

  it('badges read a run of the project as drawn only: never another project, never the baseline', () => {
    const { store } = setup();
    const demo = liveStreamingPreset();
    const drawn = drawnKey(demo);
    // r1: the demo (DBMTL); r2: its "no relations" baseline; r3: another project.
    store.getState().addRun(run('r1'));
    store.getState().receive(evaluation('r1', 20, 0.71234, 1234));
    store.getState().addRun({ ...run('r2'), project: withoutRelations(demo) });
    store.getState().receive(evaluation('r2', 20, 0.65432, 1234));
    expect(store.getState().currentRunId).toBe('r2');
    // The baseline is current, but the canvas draws the relations: the badge is r1's.
    expect(badgeRun(store.getState(), drawn)?.id).toBe('r1');
    expect(selectTaskBadge('is_click', drawn)(store.getState())).toBe('AUC 0.712');
    expect(selectTaskBadgeTitle('is_click', drawn)(store.getState())).toMatch(/of run r1$/);
    // The canvas with no relations drawn reads the baseline.
    const bare = drawnKey(withoutRelations(demo));
    expect(selectTaskBadge('is_click', bare)(store.getState())).toBe('AUC 0.654');
    // Another project (its own is_click task, say) has no run: no badge at all.
    const other = taobaoPreset();
    other.tasks = [...other.tasks, { ...demo.tasks[0]! }];
    store.getState().addRun({ ...run('r3'), project: other });
    store.getState().receive(evaluation('r3', 20, 0.9, 1));
    expect(selectTaskBadge('is_click', drawn)(store.getState())).toBe('AUC 0.712');
    store.getState().removeRun('r1');
    expect(badgeRun(store.getState(), drawn)).toBeNull();
    expect(selectTaskBadge('is_click', drawn)(store.getState())).toBeNull();
    // A current run of the drawn project wins over a newer one of it.
    store.getState().addRun(run('r4'));
    store.getState().receive(evaluation('r4', 20, 0.7, 1));
    store.getState().addRun(run('r5'));
    store.getState().setCurrent('r4');
    expect(badgeRun(store.getState(), drawn)?.id).toBe('r4');
  });

  it("another task set takes other projects' runs off the overlay and keeps them listed", () => {
    const { store } = setup();
    const demo = liveStreamingPreset();
    store.getState().addRun(run('r1'));
    store.getState().addRun({ ...run('r2'), project: withoutRelations(demo) });
    store.getState().addRun({ ...run('r3'), project: taobaoPreset() });
    store.getState().addCompare('r1');
    store.getState().addCompare('r2');
    store.getState().keepComparesOf(taobaoPreset());
    expect(store.getState().compareIds).toEqual([]);
    expect(store.getState().order).toEqual(['r3', 'r2', 'r1']);
    // Back on the demo: a baseline of the same tasks stays ticked.
    store.getState().addCompare('r1');
    store.getState().addCompare('r2');
    store.getState().keepComparesOf(demo);
    expect(store.getState().compareIds).toEqual(['r1', 'r2']);
  });

  it(`says so on the badge when a binary task has fewer than ${FEW_POSITIVES} held-out positives or negatives`, () => {
    const { store } = setup();
    // Counts as runController.heldOutClasses gives them: one positive among 400 rows.
    store.getState().addRun({
      ...run('r1'),
      heldOutClasses: { is_click: { positives: 1, negatives: 399 } },
    });
    store.getState().receive(evaluation('r1', 20, 0.71834, 1234));
    expect(selectTaskBadge('is_click')(store.getState())).toBe('AUC 0.718 · 1 positive');
    expect(selectTaskBadgeTitle('is_click')(store.getState())).toMatch(
      /Only 1 positive among the 400 held-out rows \(fewer than 50\): .*noise/,
    );
    // A regression task never gets the note.
    expect(selectTaskBadge('view_costtime')(store.getState())).toBe('MAE 3');

    // Few negatives are as bad; enough of both gives the plain badge.
    const state = store.getState();
    const current = state.runs.r1!;
    expect(
      fewClassesNote(
        { ...current, heldOutClasses: { is_click: { positives: 390, negatives: 10 } } },
        'is_click',
      ),
    ).toBe('10 negatives');
    expect(
      fewClassesNote(
        { ...current, heldOutClasses: { is_click: { positives: FEW_POSITIVES, negatives: 400 } } },
        'is_click',
      ),
    ).toBeNull();
    // A stored run from before the counts: no note.
    expect(fewClassesNote({ ...current, heldOutClasses: undefined }, 'is_click')).toBeNull();
  });

  it(`keeps the newest ${MAX_RUNS} runs`, () => {
    const { store } = setup();
    for (let i = 0; i < MAX_RUNS + 3; i++) {
      store.getState().addRun(run(`r${i}`));
      store.getState().receive({ type: 'state', runId: `r${i}`, state: 'stopping' });
      store.getState().receive({
        type: 'done',
        runId: `r${i}`,
        stopped: 'stopped',
        steps: 1,
        epochs: 0,
        lastEval: null,
        model: {} as SavedModel,
      });
    }
    expect(store.getState().order).toHaveLength(MAX_RUNS);
    expect(store.getState().order[0]).toBe(`r${MAX_RUNS + 2}`);
    expect(store.getState().runs.r0).toBeUndefined();
  });

  it('persists histories but not weights, and marks a run cut short by a reload', () => {
    const memory = new MemoryStorage();
    const first = setup(memory);
    first.store.getState().addRun(run('r1'));
    first.store.getState().receive(progress('r1', 1, 0.7));
    first.store.getState().receive({
      type: 'done',
      runId: 'r1',
      stopped: 'finished',
      steps: 1,
      epochs: 0,
      lastEval: null,
      model: { manifest: {}, weightData: new ArrayBuffer(4) } as never,
    });
    first.store.getState().addRun(run('r2'));
    first.store.getState().receive({ type: 'state', runId: 'r2', state: 'training' });
    first.storage.flush();

    const text = memory.getItem('dbmtl-studio:runs') ?? '';
    expect(text).not.toContain('weightData');
    const second = setup(memory);
    const { runs, models, currentRunId } = second.store.getState();
    expect(runs.r1?.history[seriesKey('is_click', 'train_loss')]?.values).toEqual([0.7]);
    expect(runs.r1?.phase).toBe('finished');
    expect(runs.r2).toMatchObject({
      phase: 'stopped',
      interrupted: true,
      interruptedIn: 'training',
    });
    expect(models).toEqual({});
    expect(currentRunId).toBe('r2');
  });

  // One short sentence: where it stopped and what to do; a run still at step 0 (or still
  // choosing a backend) stopped "before its first step", never "at step 0". The phase and the
  // backend go to the tooltip.
  it.each([
    ['selecting-backend', 0, null, 'before its first step', /still selecting a backend/],
    ['compiling', 0, 'webgpu', 'before its first step', /still compiling on webgpu/],
    ['training', 0, 'wasm', 'before its first step', /still compiling on wasm/],
    ['training', 120, 'wasm', 'at step 120', /still training on wasm/],
    ['paused', 7, null, 'at step 7', /still training when/],
  ] as const)('an interrupted run in %s at step %d on %s', (phase, step, backend, where, title) => {
    const run = { name: '#1 demo', interruptedIn: phase, backend, progress: { step } as never };
    expect(interruptedText(run)).toBe(
      `Interrupted ${where}: the page was reloaded while it trained. Start it again with Train.`,
    );
    expect(interruptedTitle(run)).toMatch(title);
    expect(interruptedTitle(run)).toMatch(/^#1 demo was still .*another tab still runs it/);
  });

  it('leaves the oldest runs out when the browser has no room for all', () => {
    const memory = new MemoryStorage();
    const { store, storage } = setup(memory);
    store.getState().addRun(run('old'));
    store.getState().addRun(run('new'));
    storage.flush();
    const full = memory.getItem('dbmtl-studio:runs')!.length;
    memory.items.clear();
    // Room for a bit more than one run (each holds a project snapshot of similar size).
    memory.failAbove = Math.ceil(full * 0.6);
    store.getState().setDraft({ seed: 7 });
    storage.flush();
    const kept = JSON.parse(memory.getItem('dbmtl-studio:runs')!) as { state: { order: string[] } };
    expect(kept.state.order).toEqual(['new']);
  });
});
