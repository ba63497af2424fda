/**
 * Starts and steers training runs: checks that there is data and a valid project, hands the
 * loaded samples to the training worker, which encodes them off the main thread (tens of
 * milliseconds and more: one long task at every Train click when done here), records the run
 * in the run store once they are encoded, locks the graph while the run is active and feeds
 * the worker's messages to the store. One training worker serves every run (tfjs and its
 * compiled kernels stay warm between runs); a crashed worker is replaced on the next run.
 */
import { withoutRelations } from '../../core/project/presets';
import type { EncodedSummary, Samples } from '../../core/data/prepare';
import type { Project } from '../../core/project/types';
import type { SavedModel } from '../../core/train/checkpoint';
import { trainingBlockers, validateProject, type Problem } from '../../core/project/validate';
import { trainOptionsFromProject, type TrainOptions } from '../../core/train/options';
import { dataStore, samplesOf } from '../../store/dataStore';
import { projectStore } from '../../store/projectStore';
import { isActive, runStore, taskSetKey, type RunSettings } from '../../store/runStore';
import type { FromWorker } from '../../worker/protocol';
import { createTrainClient, type TrainClient } from '../../worker/trainClient';

/** Minimum time between two progress messages: charts redraw a few times per second at most. */
export const PROGRESS_INTERVAL_MS = 400;
/** Losses are read back (a sync point) every this many steps. */
export const REPORT_EVERY_STEPS = 5;

export type StartResult =
  | { ok: true; runId: string }
  | {
      ok: false;
      /** `worker`: the training worker failed before it had encoded the samples. */
      reason: 'busy' | 'no-data' | 'problems' | 'encode' | 'worker';
      message: string;
      problems?: Problem[];
    };

/** Positives and negatives of each binary task among held-out rows (the worker counts them). */
export { heldOutClasses } from '../../core/data/prepare';

let client: TrainClient | null = null;
/** The run the worker is busy with, even one removed from the list (reset) that still ends. */
let workerRunId: string | null = null;

/** A start sent to the worker, waiting for its samples to be encoded. */
interface PendingStart {
  runId: string;
  /** Records the run; false when it can no longer start (removed meanwhile). */
  onEncoded: (summary: EncodedSummary) => boolean;
  resolve: (result: StartResult) => void;
}
let pending: PendingStart | null = null;

/**
 * The next run's settings follow the project's train_config when a project is opened or
 * imported or its config is edited (runStore.followProjectConfig); the project at start only
 * sets the basis. A project with another task set also takes other projects' runs off the
 * overlay (runStore.keepComparesOf). Returns the unsubscribe function (tests).
 */
export function followProjectConfig(): () => void {
  runStore.getState().followProjectConfig(projectStore.getState().project);
  return projectStore.subscribe((s, prev) => {
    if (s.project === prev.project) return;
    runStore.getState().followProjectConfig(s.project);
    // Another project (a different task set): other projects' runs leave the overlay.
    if (taskSetKey(s.project) !== taskSetKey(prev.project))
      runStore.getState().keepComparesOf(s.project);
  });
}
followProjectConfig();

function onMessage(message: FromWorker): void {
  if (message.type === 'encoded' || message.type === 'encode-failed') {
    settle(message);
    return;
  }
  // A worker that fails before its answer (a crash has no run id) ends the start.
  if (message.type === 'error' && pending && (!message.runId || message.runId === pending.runId)) {
    pending.resolve({ ok: false, reason: 'worker', message: message.message });
    pending = null;
  }
  runStore.getState().receive(message);
  if (message.type !== 'done' && message.type !== 'error') return;
  if (!message.runId || message.runId === workerRunId) workerRunId = null;
  if (!activeRun()) unlock();
  // A worker that crashed (no run id) is not trusted with the next run.
  if (message.type === 'error' && !message.runId) {
    client?.terminate();
    client = null;
  }
}

/** The worker's answer to a start: the run is recorded and the graph locked, or refused. */
function settle(message: Extract<FromWorker, { type: 'encoded' | 'encode-failed' }>): void {
  const start = pending;
  if (!start || message.runId !== start.runId) return;
  pending = null;
  if (message.type === 'encode-failed') {
    // Nothing trains: the worker is free again.
    if (workerRunId === message.runId) workerRunId = null;
    start.resolve({ ok: false, reason: 'encode', message: message.message });
    return;
  }
  const { type: _type, runId, ...summary } = message;
  if (!start.onEncoded(summary)) {
    client?.send({ type: 'stop' });
    start.resolve({ ok: false, reason: 'busy', message: 'That run is gone.' });
    return;
  }
  start.resolve({ ok: true, runId });
}

/** Unlocks the graph; a notice that refused an edit because of the lock goes with it. */
function unlock(): void {
  const { lockedReason, notice, setLock, setNotice } = projectStore.getState();
  setLock(null);
  if (lockedReason && notice?.refusal && notice.message === lockedReason) setNotice(null);
}

function trainClient(): TrainClient {
  if (!client) {
    client = createTrainClient();
    client.subscribe(onMessage);
  }
  return client;
}

export function activeRun() {
  const { runs, order } = runStore.getState();
  return order.map((id) => runs[id]).find((run) => isActive(run)) ?? null;
}

export function trainOptions(project: Project, settings: RunSettings): TrainOptions {
  return {
    ...trainOptionsFromProject(project),
    batchSize: settings.batchSize,
    numSteps: settings.numSteps,
    numEpochs: settings.numEpochs,
    seed: settings.seed,
    learningRate: settings.learningRate,
    evalEverySteps: settings.evalEverySteps,
    reportEverySteps: REPORT_EVERY_STEPS,
  };
}

function nextRunName(project: Project): string {
  const { order } = runStore.getState();
  const numbers = order.map((id) =>
    Number(/^#(\d+)/.exec(runStore.getState().runs[id]?.name ?? '')?.[1] ?? 0),
  );
  return `#${Math.max(0, ...numbers) + 1} ${project.name}`;
}

type Refusal = Extract<StartResult, { ok: false }>;

/** A run in progress (or one starting, or still stopping in the worker) refuses the next start. */
function busyRefusal(): Refusal | null {
  if (pending)
    return {
      ok: false,
      reason: 'busy',
      message: 'A run is starting: its samples are being encoded.',
    };
  const busy = activeRun();
  if (busy)
    return { ok: false, reason: 'busy', message: `${busy.name} is still active: stop it first.` };
  if (workerRunId)
    return {
      ok: false,
      reason: 'busy',
      message: 'The previous run is still stopping; try again in a moment.',
    };
  return null;
}

/** The loaded samples for a run of `project` (the worker encodes them), or why not. */
function samplesFor(project: Project): Samples | Refusal {
  const samples = samplesOf(dataStore.getState());
  if (!samples) {
    return {
      ok: false,
      reason: 'no-data',
      message: 'No samples loaded. Load samples in the Data tab or use the demo.',
    };
  }
  const problems = trainingBlockers(validateProject(project));
  if (problems.length > 0) {
    const what = problems.every((p) => p.severity === 'error') ? 'error' : 'problem';
    return {
      ok: false,
      reason: 'problems',
      message: `The project has ${problems.length} ${what}${problems.length === 1 ? '' : 's'} to fix before it can train here.`,
      problems,
    };
  }
  return samples;
}

/**
 * Hands the run to the worker, which encodes the samples and answers with what the run's
 * card shows; `record` then adds (or continues) the run and the graph is locked. Resolves
 * when the worker has answered.
 */
function launch(
  runId: string,
  name: string,
  project: Project,
  settings: RunSettings,
  samples: Samples,
  record: (summary: EncodedSummary) => boolean,
  resume?: SavedModel,
): Promise<StartResult> {
  return new Promise((resolve) => {
    const onEncoded = (summary: EncodedSummary) => {
      if (!record(summary)) return false;
      projectStore
        .getState()
        .setLock(
          `${name} is training: the graph is locked. Stop the run in the Train panel to edit it.`,
        );
      return true;
    };
    pending = { runId, onEncoded, resolve };
    workerRunId = runId;
    try {
      trainClient().send({
        type: 'start',
        runId,
        project,
        samples,
        options: trainOptions(project, settings),
        backend: settings.backend,
        progressIntervalMs: PROGRESS_INTERVAL_MS,
        ...(resume ? { resume } : {}),
      });
    } catch (error) {
      // Nothing reached the worker (e.g. data that cannot be cloned).
      pending = null;
      workerRunId = null;
      resolve({
        ok: false,
        reason: 'worker',
        message: `The run could not be handed to the training worker: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  });
}

/**
 * Starts a run of `project` (default: the current project) with the draft settings. Refusals
 * for a busy worker, missing samples or project problems come at once; the run appears once
 * the worker has encoded the samples (or the start is refused with the reason).
 */
export function startRun(
  options: { project?: Project; settings?: Partial<RunSettings> } = {},
): Promise<StartResult> {
  const busy = busyRefusal();
  if (busy) return Promise.resolve(busy);
  const project = options.project ?? projectStore.getState().project;
  const settings = { ...runStore.getState().draft, ...options.settings };
  const samples = samplesFor(project);
  if ('ok' in samples) return Promise.resolve(samples);

  const runId = `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const name = nextRunName(project);
  const dataName = dataStore.getState().train?.name ?? '';
  return launch(runId, name, project, settings, samples, (summary) => {
    runStore.getState().addRun({ id: runId, name, project, settings, dataName, ...summary });
    return true;
  });
}

/**
 * The independent-towers baseline of the current project: same settings, no relations. The
 * run the dashboard showed is ticked for overlay, so the comparison is on screen at once.
 */
export async function startBaseline(): Promise<StartResult> {
  const source = runStore.getState().currentRunId;
  const result = await startRun({ project: withoutRelations(projectStore.getState().project) });
  if (result.ok && source) runStore.getState().addCompare(source);
  return result;
}

export function pauseRun(): void {
  client?.send({ type: 'pause' });
}

export function resumeRun(): void {
  client?.send({ type: 'resume' });
}

export function stopRun(): void {
  const run = activeRun();
  if (run) runStore.getState().markStopping(run.id);
  client?.send({ type: 'stop' });
}

/**
 * After a lost GPU device (or another backend failure): the same run goes on, on the CPU
 * backend, from its last checkpoint (weights, Adam's moments, data order, step), so its charts
 * continue where the checkpoint was taken. Without a checkpoint it starts again from step 0.
 * The samples must be the ones it trained on.
 */
export function continueOnCpu(runId: string): Promise<StartResult> {
  const refuse = (refusal: Refusal) => Promise.resolve(refusal);
  const run = runStore.getState().runs[runId];
  if (!run) return refuse({ ok: false, reason: 'busy', message: 'That run is gone.' });
  const busy = busyRefusal();
  if (busy) return refuse(busy);
  const loaded = dataStore.getState().train?.name;
  if (loaded && loaded !== run.dataName)
    return refuse({
      ok: false,
      reason: 'no-data',
      message: `${run.name} trained on ${run.dataName}, but ${loaded} is loaded now: load ${run.dataName} again to continue it.`,
    });
  const samples = samplesFor(run.project);
  if ('ok' in samples) return refuse(samples);
  const resume = runStore.getState().models[runId];
  const settings: RunSettings = { ...run.settings, backend: 'cpu' };
  return launch(
    runId,
    run.name,
    run.project,
    settings,
    samples,
    () => {
      // Reset while the worker encoded: there is no run to continue any more.
      if (!runStore.getState().runs[runId]) return false;
      runStore.getState().continueRun(runId, { settings, fromStep: resume?.manifest.step ?? 0 });
      return true;
    },
    resume,
  );
}

/** For tests: the worker client the controller talks to (null: a real worker on next use). */
export function setTrainClient(next: TrainClient | null): void {
  client = next;
  client?.subscribe(onMessage);
  workerRunId = null;
  pending = null;
}

/** Stops the active run (if any) and removes the current run from the list. */
export function resetRun(): void {
  const { currentRunId } = runStore.getState();
  // The worker's `done` for a removed run is ignored by the store.
  if (activeRun()) stopRun();
  if (currentRunId) runStore.getState().removeRun(currentRunId);
  if (!activeRun()) unlock();
}
