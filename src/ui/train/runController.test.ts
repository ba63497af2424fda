import { afterEach, describe, expect, it } from 'vitest';
import { exportConfig, importConfig } from '../../core/easyrec';
import { makeTask } from '../../core/project/defaults';
import { liveStreamingPreset, taobaoPreset } from '../../core/project/presets';
import { dataStore, encodeForProject } from '../../store/dataStore';
import { projectStore } from '../../store/projectStore';
import { encodeSamples, prepareSamples } from '../../core/data/prepare';
import { edgeKey } from '../../core/data/sanity';
import type { SavedModel } from '../../core/train/checkpoint';
import { seriesKey } from '../../store/runHistory';
import { runStore } from '../../store/runStore';
import type { FromWorker, ToWorker } from '../../worker/protocol';
import type { TrainClient } from '../../worker/trainClient';
import { continueOnCpu, setTrainClient, startBaseline, startRun } from './runController';

/**
 * A worker stand-in: records what the controller sends, replays what a worker would answer.
 * A start's samples are encoded as the worker does (prepareSamples) and answered a moment
 * later, unless `encode` is false (the test answers itself).
 */
function fakeClient(encode = true) {
  const sent: ToWorker[] = [];
  const listeners = new Set<(m: FromWorker) => void>();
  const answer = (m: FromWorker) => listeners.forEach((l) => l(m));
  const client: TrainClient = {
    send: (m) => {
      sent.push(m);
      if (!encode || m.type !== 'start' || !('samples' in m)) return;
      const prepared = prepareSamples(m.samples, m.project);
      queueMicrotask(() =>
        answer(
          prepared.ok
            ? { type: 'encoded', runId: m.runId, ...prepared.summary }
            : { type: 'encode-failed', runId: m.runId, message: prepared.message },
        ),
      );
    },
    subscribe: (l) => {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    terminate: () => {},
  };
  return { client, sent, answer };
}

const evalAt = (runId: string, step: number, auc: number): FromWorker => ({
  type: 'eval',
  runId,
  event: { type: 'eval', step, epoch: 0, metrics: { is_click: { auc } } },
});

// Refusals happen before any worker exists, so they run under Node.
describe('starting a run', () => {
  const initialData = dataStore.getState();
  afterEach(() => dataStore.setState(initialData, true));

  it('refuses without samples and points to the Data tab or the demo', async () => {
    dataStore.setState({ train: null });
    const result = await startRun();
    expect(result).toMatchObject({ ok: false, reason: 'no-data' });
    expect(result.ok || result.message).toContain('Load samples in the Data tab or use the demo');
    expect(runStore.getState().order).toHaveLength(0);
  });

  it('refuses a project with errors and lists them', async () => {
    const project = liveStreamingPreset();
    project.tasks.push({ ...makeTask('orphan'), labelName: '' });
    const result = await startRun({ project });
    expect(result).toMatchObject({ ok: false, reason: 'problems' });
    if (result.ok) return;
    expect(result.problems?.some((p) => p.taskName === 'orphan')).toBe(true);
    expect(projectStore.getState().lockedReason).toBeNull();
  });

  it('refuses an embedding table too large for the browser, which still exports', async () => {
    const project = liveStreamingPreset();
    project.features[0]!.hashBucketSize = 100_000_000;
    const result = await startRun({ project });
    expect(result).toMatchObject({ ok: false, reason: 'problems' });
    if (result.ok) return;
    expect(result.message).toContain('1 problem to fix before it can train here');
    expect(result.problems?.map((p) => p.code)).toEqual(['EMBEDDING_TOO_LARGE']);
    expect(exportConfig(project).ok).toBe(true);
    expect(runStore.getState().order).toHaveLength(0);
  });
});

describe('the worker encodes the samples (a stand-in worker)', () => {
  const initialData = dataStore.getState();
  afterEach(() => {
    setTrainClient(null);
    for (const id of runStore.getState().order) runStore.getState().removeRun(id);
    projectStore.getState().setLock(null);
    dataStore.setState(initialData, true);
  });

  const summary = {
    trainRows: 123,
    evalRows: 45,
    fitted: { watch_time: { minVal: 0, maxVal: 9 } },
    heldOutClasses: { is_click: { positives: 3, negatives: 42 } },
  };

  it('sends the loaded tables and adds the run with what the worker found once it has encoded', async () => {
    const { client, sent, answer } = fakeClient(false);
    setTrainClient(client);
    const starting = startRun({ settings: { numSteps: 20 } });
    const start = sent[0];
    if (start?.type !== 'start' || !('samples' in start)) throw new Error('expected samples');
    // The page's own table (the client copies it into the worker; the store keeps it).
    expect(start.samples.table).toBe(dataStore.getState().train?.table);
    expect('train' in start).toBe(false);
    // Nothing is shown or locked until the worker answers; another start waits.
    expect(runStore.getState().order).toHaveLength(0);
    expect(projectStore.getState().lockedReason).toBeNull();
    expect(await startRun()).toMatchObject({
      ok: false,
      reason: 'busy',
      message: 'A run is starting: its samples are being encoded.',
    });
    answer({ type: 'encoded', runId: start.runId, ...summary });
    expect(await starting).toEqual({ ok: true, runId: start.runId });
    const run = runStore.getState().runs[start.runId];
    expect(run).toMatchObject({ ...summary, dataName: 'Demo data', phase: 'selecting-backend' });
    expect(run?.progress.totalSteps).toBe(20);
    expect(projectStore.getState().lockedReason).toContain(`${run?.name} is training`);
  });

  it("refuses with the worker's reason when the samples cannot train, and starts the next", async () => {
    const { client, sent, answer } = fakeClient(false);
    setTrainClient(client);
    const starting = startRun();
    const message =
      'No training rows are left after encoding: check the label columns in the Data tab.';
    answer({ type: 'encode-failed', runId: (sent[0] as { runId: string }).runId, message });
    expect(await starting).toEqual({ ok: false, reason: 'encode', message });
    expect(runStore.getState().order).toHaveLength(0);
    expect(projectStore.getState().lockedReason).toBeNull();
    // The worker is free: the next start goes through.
    const next = startRun();
    answer({ type: 'encoded', runId: (sent[1] as { runId: string }).runId, ...summary });
    expect(await next).toMatchObject({ ok: true });
  });

  it('refuses the start when the worker fails before it answers', async () => {
    const { client, answer } = fakeClient(false);
    setTrainClient(client);
    const starting = startRun();
    const message = 'The training worker failed: out of memory';
    answer({ type: 'error', runId: '', code: 'INTERNAL', message, where: 'worker' });
    expect(await starting).toEqual({ ok: false, reason: 'worker', message });
    expect(runStore.getState().order).toHaveLength(0);
  });

  it('sends what encodes exactly as the data store encodes it (derived columns, dropped rows)', async () => {
    const { client, sent } = fakeClient();
    setTrainClient(client);
    const data = dataStore.getState();
    const schema = data.schema!;
    const source = schema.columns.find((c) => c.role === 'label')!;
    // The demo keeps the is_click → is_view chain: break it on 50 rows (viewed, not clicked).
    const table = data.train!.table;
    const click = table.columns.find((c) => c.name === 'is_click')!;
    const columns = table.columns.map((c) => {
      if (c.name !== 'is_view') return c;
      const codes = c.codes.slice();
      let broken = 0;
      for (let r = 0; r < codes.length && broken < 50; r++) {
        if (click.dict[click.codes[r]!] !== '0') continue;
        codes[r] = c.dict.indexOf('1');
        broken += 1;
      }
      return { ...c, codes };
    });
    // A derived column (unused by the project: it must still be added the same way), and the
    // rows that break the chain left out.
    dataStore.setState({
      train: { ...data.train!, table: { ...table, columns } },
      dropEdges: [edgeKey('is_click', 'is_view')],
      schema: {
        ...schema,
        columns: [
          ...schema.columns,
          {
            ...source,
            name: 'derived_1',
            derived: { kind: 'equals', name: 'derived_1', source: source.name, value: '1' },
          },
        ],
      },
    });
    const result = await startRun();
    const start = sent[0];
    if (!result.ok || start?.type !== 'start' || !('samples' in start)) throw new Error('no start');
    const project = projectStore.getState().project;
    const here = encodeForProject(dataStore.getState(), project)!;
    const there = encodeSamples(start.samples, project);
    expect(there).toEqual(here);
    // The chain rule dropped rows: the comparison covers that path.
    const undropped = encodeForProject({ ...dataStore.getState(), dropEdges: [] }, project)!;
    expect(here.train.numRows + (here.validation?.numRows ?? 0)).toBeLessThan(
      undropped.train.numRows + (undropped.validation?.numRows ?? 0),
    );
    expect(runStore.getState().runs[result.runId]).toMatchObject({
      trainRows: here.train.numRows,
      evalRows: here.validation?.numRows,
    });
  });
});

/** A 20-step run that finishes on a stand-in worker, then its no-relations baseline started. */
async function firstRunThenBaseline() {
  const { client, answer } = fakeClient();
  setTrainClient(client);
  const first = await startRun({ settings: { numSteps: 20 } });
  if (!first.ok) throw new Error(first.message);
  answer({
    type: 'done',
    runId: first.runId,
    stopped: 'finished',
    steps: 20,
    epochs: 0,
    lastEval: null,
    model: { manifest: { step: 20 }, weightData: new ArrayBuffer(8) } as SavedModel,
  });
  const baseline = await startBaseline();
  if (!baseline.ok) throw new Error(baseline.message);
  return { answer, first, baseline };
}

describe('continuing and comparing runs (a stand-in worker)', () => {
  afterEach(() => {
    setTrainClient(null);
    for (const id of runStore.getState().order) runStore.getState().removeRun(id);
    projectStore.getState().setLock(null);
  });

  it('continues a run whose device was lost on the CPU from its last checkpoint', async () => {
    const { client, sent, answer } = fakeClient();
    setTrainClient(client);
    const started = await startRun({ settings: { backend: 'webgpu', numSteps: 100 } });
    if (!started.ok) throw new Error(started.message);
    const { runId } = started;
    answer({ type: 'backend', runId, backend: 'webgpu', skipped: [] });
    answer({ type: 'state', runId, state: 'training' });
    projectStore.getState().setNotice({
      kind: 'error',
      message: projectStore.getState().lockedReason as string,
      refusal: true,
    });
    answer(evalAt(runId, 10, 0.6));
    answer(evalAt(runId, 20, 0.65));
    // The checkpoint of step 10 (a stand-in: the controller passes it on untouched).
    const checkpoint = { manifest: { step: 10 }, weightData: new ArrayBuffer(8) } as SavedModel;
    answer({
      type: 'error',
      runId,
      code: 'DEVICE_LOST',
      message: 'The GPU device was lost at step 23.',
      where: 'step 23',
      lastGoodModel: checkpoint,
      offerCpu: true,
    });
    expect(runStore.getState().runs[runId]?.phase).toBe('error');
    expect(projectStore.getState().lockedReason).toBeNull();
    // An edit refused while it trained left a notice; unlocking took it away.
    expect(projectStore.getState().notice).toBeNull();

    const continued = await continueOnCpu(runId);
    expect(continued).toEqual({ ok: true, runId });
    const start = sent.at(-1);
    if (start?.type !== 'start') throw new Error('expected a start message');
    // The same run, on the CPU, from the checkpoint, with the run's own settings otherwise.
    expect(start.runId).toBe(runId);
    expect(start.backend).toBe('cpu');
    expect(start.resume).toBe(checkpoint);
    expect(start.options.numSteps).toBe(100);
    const run = runStore.getState().runs[runId];
    expect(run).toMatchObject({ phase: 'selecting-backend', error: null, backend: null });
    expect(run?.settings.backend).toBe('cpu');
    expect(run?.progress.step).toBe(10);
    // Its chart keeps the points up to the checkpoint; the resumed run redraws the rest.
    expect(run?.history[seriesKey('is_click', 'auc')]).toEqual({ steps: [10], values: [0.6] });
    expect(runStore.getState().order).toEqual([runId]);
    expect(projectStore.getState().lockedReason).toContain('is training');
  });

  it('restarts from step 0 when no checkpoint was kept, and refuses while a run is active', async () => {
    const { client, sent, answer } = fakeClient();
    setTrainClient(client);
    const started = await startRun({ settings: { backend: 'webgl' } });
    if (!started.ok) throw new Error(started.message);
    const { runId } = started;
    answer({
      type: 'error',
      runId,
      code: 'INTERNAL',
      message: 'WebGL context lost',
      where: 'step 3',
      offerCpu: true,
    });
    expect(await continueOnCpu(runId)).toEqual({ ok: true, runId });
    const start = sent.at(-1);
    expect(start?.type === 'start' && start.resume).toBeUndefined();
    expect(runStore.getState().runs[runId]?.progress.step).toBe(0);
    expect(await continueOnCpu(runId)).toMatchObject({ ok: false, reason: 'busy' });
  });

  it('refuses to continue on other samples than the run trained on', async () => {
    const { client, sent, answer } = fakeClient();
    setTrainClient(client);
    const started = await startRun({ settings: { backend: 'webgpu' } });
    if (!started.ok) throw new Error(started.message);
    const { runId } = started;
    answer({ type: 'error', runId, code: 'DEVICE_LOST', message: 'lost', where: 'step 3' });
    const demo = dataStore.getState().train;
    if (!demo) throw new Error('expected the demo data');
    dataStore.setState({ train: { ...demo, name: 'other.csv' } });
    const refused = await continueOnCpu(runId);
    expect(refused).toMatchObject({ ok: false, reason: 'no-data' });
    expect(refused.ok || refused.message).toBe(
      `${runStore.getState().runs[runId]?.name} trained on Demo data, but other.csv is loaded now: load Demo data again to continue it.`,
    );
    expect(sent.filter((m) => m.type === 'start')).toHaveLength(1);
    expect(runStore.getState().runs[runId]?.phase).toBe('error');
    dataStore.setState({ train: demo });
  });

  it('ticks the run it came from for overlay when the baseline starts', async () => {
    const { first, baseline } = await firstRunThenBaseline();
    const state = runStore.getState();
    expect(state.currentRunId).toBe(baseline.runId);
    expect(state.compareIds).toEqual([first.runId]);
    expect(state.runs[baseline.runId]?.name).toMatch(/\(no relations\)$/);
  });
});

describe('run settings follow the project config', () => {
  const initialProject = projectStore.getState().project;
  const initialRuns = runStore.getState();
  afterEach(() => {
    projectStore.getState().replaceProject(initialProject);
    runStore.setState(initialRuns, true);
  });

  it('opening another project (another task set) unticks the overlaid runs of the one before', async () => {
    const { answer, first, baseline } = await firstRunThenBaseline();
    expect(runStore.getState().compareIds).toEqual([first.runId]);
    // The baseline ends, which unlocks the graph.
    answer({
      type: 'done',
      runId: baseline.runId,
      stopped: 'finished',
      steps: 20,
      epochs: 0,
      lastEval: null,
      model: { manifest: { step: 20 }, weightData: new ArrayBuffer(8) } as SavedModel,
    });
    // A rename keeps the task set: the overlay stays.
    const current = projectStore.getState().project;
    projectStore.getState().replaceProject({ ...current, name: 'renamed' });
    expect(runStore.getState().compareIds).toEqual([first.runId]);
    projectStore.getState().replaceProject(taobaoPreset());
    expect(runStore.getState().compareIds).toEqual([]);
    expect(runStore.getState().order).toContain(first.runId);
  });

  it('an imported config with exponential decay sets the next run, until the user edits it', () => {
    // The app's start (module load above) set the basis only: the default browser run stays.
    expect(runStore.getState().draftOrigin).toBe('default');
    expect(runStore.getState().draft.learningRate.kind).toBe('constant');

    // A config with exponential decay, 1,200 steps of 128 rows: exported text, imported back.
    const source = liveStreamingPreset();
    source.train.numSteps = 1200;
    source.data.batchSize = 128;
    source.train.learningRate = {
      kind: 'exponential',
      initialLearningRate: 0.002,
      decaySteps: 500,
      decayFactor: 0.8,
      staircase: true,
      minLearningRate: 1e-6,
    };
    const exported = exportConfig(source);
    if (!exported.ok) throw new Error('the preset should export');
    const imported = importConfig(exported.text);
    if (!imported.project) throw new Error(imported.refusal ?? 'refused');
    projectStore.getState().replaceProject(imported.project);

    const { draft, draftOrigin } = runStore.getState();
    expect(draftOrigin).toBe('config');
    expect(draft.numSteps).toBe(1200);
    expect(draft.batchSize).toBe(128);
    expect(draft.learningRate).toEqual(source.train.learningRate);
    // The export of the imported project is the text it came from.
    const again = exportConfig(projectStore.getState().project);
    expect(again.ok && again.text).toBe(exported.text);

    // The user's edit wins over later edits that leave the train config as it was.
    runStore.getState().setDraft({ numSteps: 40 });
    expect(runStore.getState().draftOrigin).toBe('edited');
    projectStore.getState().replaceProject({ ...imported.project, name: 'renamed' });
    expect(runStore.getState().draft.numSteps).toBe(40);
    // A new train_config is followed again.
    projectStore
      .getState()
      .replaceProject({ ...imported.project, train: { ...imported.project.train, numSteps: 900 } });
    expect(runStore.getState().draft.numSteps).toBe(900);
    expect(runStore.getState().draftOrigin).toBe('config');
  });
});
