/**
 * Starts and steers training runs: checks that there is data and a valid project, encodes the
 * samples, records the run in the run store, locks the graph while the run is active and
 * feeds the worker's messages to the store. One training worker serves every run (tfjs and
 * its compiled kernels stay warm between runs); a crashed worker is replaced on the next run.
 */
import { withoutRelations } from '../../core/project/presets';
import type { EncodeResult } from '../../core/data/encode';
import type { EncodedDataset } from '../../core/data/encoded';
import type { Project } from '../../core/project/types';
import type { SavedModel } from '../../core/train/checkpoint';
import { trainingBlockers, validateProject, type Problem } from '../../core/project/validate';
import { trainOptionsFromProject, type TrainOptions } from '../../core/train/options';
import { dataStore, encodeForProject } from '../../store/dataStore';
import { projectStore } from '../../store/projectStore';
import {
  isActive,
  runStore,
  taskSetKey,
  type ClassCounts,
  type RunSettings,
} from '../../store/runStore';
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
      reason: 'busy' | 'no-data' | 'problems' | 'encode';
      message: string;
      problems?: Problem[];
    };

let client: TrainClient | null = null;
/** The run the worker is busy with, even one removed from the list (reset) that still ends. */
let workerRunId: string | null = null;

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

/** A run in progress (or one still stopping in the worker) refuses the next start. */
function busyRefusal(): Refusal | null {
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

/** The loaded samples encoded for `project`, or why not. */
function encodeSamples(project: Project): { ok: true; encoded: EncodeResult } | Refusal {
  const data = dataStore.getState();
  if (!data.train) {
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
  let encoded;
  try {
    encoded = encodeForProject(data, project);
  } catch (error) {
    return {
      ok: false,
      reason: 'encode',
      message: `The samples could not be encoded for this project: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
  if (!encoded || encoded.train.numRows === 0) {
    return {
      ok: false,
      reason: 'encode',
      message: 'No training rows are left after encoding: check the label columns in the Data tab.',
    };
  }
  return { ok: true, encoded };
}

/** Positives and negatives of each binary task among the held-out rows (what its AUC reads). */
export function heldOutClasses(
  project: Project,
  heldOut: EncodedDataset | null | undefined,
): Record<string, ClassCounts> {
  const result: Record<string, ClassCounts> = {};
  if (!heldOut) return result;
  for (const task of project.tasks) {
    if (task.lossType !== 'CLASSIFICATION' || task.numClass !== 1) continue;
    const labels = heldOut.labels[task.labelName];
    if (!labels) continue;
    let positives = 0;
    for (let i = 0; i < heldOut.numRows; i++) if ((labels[i] as number) > 0.5) positives += 1;
    result[task.name] = { positives, negatives: heldOut.numRows - positives };
  }
  return result;
}

/** Locks the graph and hands the run to the worker. */
function launch(
  runId: string,
  name: string,
  project: Project,
  settings: RunSettings,
  encoded: EncodeResult,
  resume?: SavedModel,
): void {
  projectStore
    .getState()
    .setLock(
      `${name} is training: the graph is locked. Stop the run in the Train panel to edit it.`,
    );
  workerRunId = runId;
  trainClient().send({
    type: 'start',
    runId,
    project,
    train: encoded.train,
    eval: encoded.validation,
    options: trainOptions(project, settings),
    backend: settings.backend,
    progressIntervalMs: PROGRESS_INTERVAL_MS,
    ...(resume ? { resume } : {}),
  });
}

/** Starts a run of `project` (default: the current project) with the draft settings. */
export function startRun(
  options: { project?: Project; settings?: Partial<RunSettings> } = {},
): StartResult {
  const busy = busyRefusal();
  if (busy) return busy;
  const project = options.project ?? projectStore.getState().project;
  const settings = { ...runStore.getState().draft, ...options.settings };
  const prepared = encodeSamples(project);
  if (!prepared.ok) return prepared;
  const { encoded } = prepared;

  const runId = `run-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  const name = nextRunName(project);
  runStore.getState().addRun({
    id: runId,
    name,
    project,
    settings,
    trainRows: encoded.train.numRows,
    evalRows: encoded.validation?.numRows ?? 0,
    dataName: dataStore.getState().train?.name ?? '',
    fitted: encoded.fitted,
    heldOutClasses: heldOutClasses(project, encoded.validation),
  });
  launch(runId, name, project, settings, encoded);
  return { ok: true, runId };
}

/**
 * The independent-towers baseline of the current project: same settings, no relations. The
 * run the dashboard showed is ticked for overlay, so the comparison is on screen at once.
 */
export function startBaseline(): StartResult {
  const source = runStore.getState().currentRunId;
  const result = startRun({ project: withoutRelations(projectStore.getState().project) });
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
export function continueOnCpu(runId: string): StartResult {
  const run = runStore.getState().runs[runId];
  if (!run) return { ok: false, reason: 'busy', message: 'That run is gone.' };
  const busy = busyRefusal();
  if (busy) return busy;
  const loaded = dataStore.getState().train?.name;
  if (loaded && loaded !== run.dataName)
    return {
      ok: false,
      reason: 'no-data',
      message: `${run.name} trained on ${run.dataName}, but ${loaded} is loaded now: load ${run.dataName} again to continue it.`,
    };
  const prepared = encodeSamples(run.project);
  if (!prepared.ok) return prepared;
  const resume = runStore.getState().models[runId];
  const settings: RunSettings = { ...run.settings, backend: 'cpu' };
  runStore.getState().continueRun(runId, { settings, fromStep: resume?.manifest.step ?? 0 });
  launch(runId, run.name, run.project, settings, prepared.encoded, resume);
  return { ok: true, runId };
}

/** For tests: the worker client the controller talks to (null: a real worker on next use). */
export function setTrainClient(next: TrainClient | null): void {
  client = next;
  client?.subscribe(onMessage);
  workerRunId = null;
}

/** Stops the active run (if any) and removes the current run from the list. */
export function resetRun(): void {
  const { currentRunId } = runStore.getState();
  // The worker's `done` for a removed run is ignored by the store.
  if (activeRun()) stopRun();
  if (currentRunId) runStore.getState().removeRun(currentRunId);
  if (!activeRun()) unlock();
}
