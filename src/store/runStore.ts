/**
 * The runs store: every training run with its project snapshot, settings, backend, state,
 * progress and metric history, plus the draft settings of the next run. Worker messages are
 * folded in by `receive`, a pure reducer over protocol.ts messages, so tests drive it with
 * plain objects. Histories and snapshots persist in the browser (never the weights: those stay
 * in memory for the downloads of this session). Training metrics live here and only here: the
 * project model and the canvas's node data never carry them (PITFALLS.md).
 */
import { createStore } from 'zustand/vanilla';
import { persist } from 'zustand/middleware';
import { useStore } from 'zustand';
import type { LearningRate, Project } from '../core/project/types';
import type { SavedModel } from '../core/train/checkpoint';
import type { BackendChoice, BackendName, FromWorker, SkippedBackend } from '../worker/protocol';
import {
  appendPoints,
  evalValues,
  formatMetric,
  headlineMetric,
  METRIC_LABELS,
  metricDescription,
  progressValues,
  seriesKey,
  taskKind,
  type History,
} from './runHistory';
import { debouncedStorage } from './runStorage';
import { FEW_POSITIVES } from '../core/data/sanity';

/** Runs kept; starting one more drops the oldest that is not active. */
export const MAX_RUNS = 16;
export const RUNS_STORAGE_KEY = 'dbmtl-studio:runs';

export interface RunSettings {
  /** 0 with numEpochs > 0: train by epochs. */
  numSteps: number;
  numEpochs: number;
  batchSize: number;
  learningRate: LearningRate;
  /** Evaluate on the held-out rows every N steps (and at the end). */
  evalEverySteps: number;
  seed: number;
  backend: BackendChoice;
}

export type RunPhase =
  | 'selecting-backend'
  | 'compiling'
  | 'training'
  | 'paused'
  | 'stopping'
  | 'finished'
  | 'stopped'
  | 'error';

export const ACTIVE_PHASES: readonly RunPhase[] = [
  'selecting-backend',
  'compiling',
  'training',
  'paused',
  'stopping',
];

export interface RunProgress {
  step: number;
  epoch: number;
  /** NaN until measured (after the warm-up step). */
  samplesPerSecond: number;
  learningRate: number;
  /** Steps the run will take (from steps or epochs × steps per epoch). */
  totalSteps: number;
  tensors: number;
}

export interface RunError {
  code: string;
  message: string;
  where: string;
  /** A lost GPU device: continuing on the CPU backend is worth offering. */
  offerCpu: boolean;
}

export interface Run {
  id: string;
  name: string;
  createdAt: number;
  project: Project;
  settings: RunSettings;
  trainRows: number;
  evalRows: number;
  /** The data the run trained on ("Demo data", a file name), for the downloads. */
  dataName: string;
  /** min/max of dense features fitted on the training rows (written into model.json). */
  fitted: Record<string, { minVal: number; maxVal: number }>;
  backend: BackendName | null;
  skipped: SkippedBackend[];
  phase: RunPhase;
  progress: RunProgress;
  history: History;
  error: RunError | null;
  /**
   * Set when the run was still active in the stored state this page loaded: the page that ran
   * it went away (reload, closed tab) or is another tab, still running it.
   */
  interrupted?: boolean;
  /** The phase it was in then (older stored runs lack it). */
  interruptedIn?: RunPhase;
  /** Held-out positives and negatives of each binary task (older stored runs lack it). */
  heldOutClasses?: Record<string, ClassCounts>;
}

export interface ClassCounts {
  positives: number;
  negatives: number;
}

export interface NewRun {
  id: string;
  name: string;
  project: Project;
  settings: RunSettings;
  trainRows: number;
  evalRows: number;
  dataName: string;
  fitted: Record<string, { minVal: number; maxVal: number }>;
  heldOutClasses?: Record<string, ClassCounts>;
}

export interface RunState {
  runs: Record<string, Run>;
  /** Newest first. */
  order: string[];
  /** The run the dashboard and the badges follow. */
  currentRunId: string | null;
  /** Runs overlaid on the charts (besides the current one). */
  compareIds: string[];
  draft: RunSettings;
  draftOrigin: DraftOrigin;
  /** The config (configRunSettings, as JSON) the draft last followed; null before any. */
  draftBasis: string | null;
  /** Trained weights by run id; memory only. */
  models: Record<string, SavedModel>;

  addRun: (run: NewRun) => void;
  receive: (message: FromWorker) => void;
  /** Marks the run as stopping at once (the worker confirms with `done`). */
  markStopping: (runId: string) => void;
  /** Ends a run that never reached the worker (encoding failed) with an error. */
  failRun: (runId: string, error: RunError) => void;
  removeRun: (runId: string) => void;
  setCurrent: (runId: string | null) => void;
  toggleCompare: (runId: string) => void;
  /** Overlays a run (no change when it is the current run or already overlaid). */
  addCompare: (runId: string) => void;
  /**
   * A failed run goes on (e.g. on the CPU after a lost device): active again with new
   * settings, its error cleared and its history cut back to the step it continues from.
   */
  continueRun: (runId: string, how: { settings: RunSettings; fromStep: number }) => void;
  /**
   * Another project is on the canvas (its task set differs from the previous one): runs of
   * other task sets leave the overlay (they stay listed).
   */
  keepComparesOf: (project: Pick<Project, 'tasks'>) => void;
  /** The user edits the next run's settings (they stay until the project's config changes). */
  setDraft: (patch: Partial<RunSettings>) => void;
  /**
   * The project (opened, imported, or its train_config edited): when its run-relevant config
   * (steps or epochs, batch size, learning rate and schedule) differs from the one the draft
   * last followed, the draft takes it over. The first project seen (the app's start) only sets
   * the basis: the app's default run stays the short browser run.
   */
  followProjectConfig: (project: Project) => void;
}

/** Where the next run's settings came from (shown in the settings form). */
export type DraftOrigin = 'default' | 'config' | 'edited';

/** The parts of a project's config that the next run takes over. */
export function configRunSettings(project: Project): Partial<RunSettings> {
  const { train, data } = project;
  const length =
    train.numSteps > 0
      ? { numSteps: train.numSteps, numEpochs: 0 }
      : data.numEpochs > 0
        ? { numSteps: 0, numEpochs: data.numEpochs }
        : {};
  return {
    ...length,
    ...(data.batchSize >= 1 ? { batchSize: data.batchSize } : {}),
    learningRate: train.learningRate,
  };
}

export const DEFAULT_SETTINGS: RunSettings = {
  numSteps: 300,
  numEpochs: 0,
  batchSize: 256,
  learningRate: { kind: 'constant', learningRate: 0.001 },
  evalEverySteps: 50,
  seed: 42,
  backend: 'auto',
};

export function isActive(run: Pick<Run, 'phase'> | null | undefined): boolean {
  return !!run && ACTIVE_PHASES.includes(run.phase);
}

/** Steps a run will take: the step limit, else epochs × full batches per epoch. */
export function totalStepsOf(settings: RunSettings, trainRows: number): number {
  const perEpoch = Math.max(
    1,
    Math.floor(trainRows / Math.max(1, Math.min(settings.batchSize, trainRows))),
  );
  const byEpochs = settings.numEpochs > 0 ? settings.numEpochs * perEpoch : Infinity;
  const bySteps = settings.numSteps > 0 ? settings.numSteps : Infinity;
  return Math.min(byEpochs, bySteps);
}

function updateRun(state: RunState, runId: string, patch: (run: Run) => Partial<Run>) {
  const run = state.runs[runId];
  if (!run) return {};
  return { runs: { ...state.runs, [runId]: { ...run, ...patch(run) } } };
}

/** Folds one worker message into the state. Messages of unknown runs are ignored. */
export function reduceMessage(state: RunState, message: FromWorker): Partial<RunState> {
  switch (message.type) {
    // Answers to the run controller, which adds the run (or refuses it) on them.
    case 'encoded':
    case 'encode-failed':
      return {};
    case 'backend':
      return updateRun(state, message.runId, () => ({
        backend: message.backend,
        skipped: message.skipped,
      }));
    case 'state':
      return updateRun(state, message.runId, (run) =>
        // A late 'training' must not undo a stop the user asked for.
        run.phase === 'stopping' && message.state !== 'stopping' ? {} : { phase: message.state },
      );
    case 'progress': {
      const { event } = message;
      return updateRun(state, message.runId, (run) => ({
        progress: {
          ...run.progress,
          step: event.step,
          epoch: event.epoch,
          samplesPerSecond: Number.isFinite(event.samplesPerSecond)
            ? event.samplesPerSecond
            : run.progress.samplesPerSecond,
          learningRate: event.learningRate,
          tensors: message.tensors,
        },
        history: appendPoints(run.history, event.step, progressValues(event.loss, event.totalLoss)),
      }));
    }
    case 'eval':
      return updateRun(state, message.runId, (run) => ({
        history: appendPoints(run.history, message.event.step, evalValues(message.event.metrics)),
      }));
    case 'done': {
      const next = updateRun(state, message.runId, (run) => ({
        phase: message.stopped,
        progress: { ...run.progress, step: message.steps, epoch: message.epochs },
      }));
      if (!next.runs) return {};
      return { ...next, models: { ...state.models, [message.runId]: message.model } };
    }
    case 'error': {
      const error: RunError = {
        code: message.code,
        message: message.message,
        where: message.where,
        offerCpu: message.offerCpu ?? false,
      };
      // A worker crash has no run id: it ends whichever run is active.
      const runId =
        message.runId || state.order.find((id) => isActive(state.runs[id])) || message.runId;
      // The step it failed at: progress reports are throttled, so the last one may lag behind.
      const next = updateRun(state, runId, (run) => ({
        phase: 'error',
        error,
        progress: { ...run.progress, step: Math.max(run.progress.step, message.step ?? 0) },
      }));
      if (!next.runs || !message.lastGoodModel) return next;
      return { ...next, models: { ...state.models, [runId]: message.lastGoodModel } };
    }
  }
}

/** The history's points up to and including `step` (none when step is 0). */
export function historyUpTo(history: History, step: number): History {
  const next: History = {};
  for (const [key, points] of Object.entries(history)) {
    const n = points.steps.findIndex((s) => s > step);
    const keep = n < 0 ? points.steps.length : n;
    if (keep > 0)
      next[key] = { steps: points.steps.slice(0, keep), values: points.values.slice(0, keep) };
  }
  return next;
}

function newRun(input: NewRun): Run {
  return {
    ...input,
    createdAt: Date.now(),
    backend: null,
    skipped: [],
    phase: 'selecting-backend',
    progress: {
      step: 0,
      epoch: 0,
      samplesPerSecond: NaN,
      learningRate: NaN,
      totalSteps: totalStepsOf(input.settings, input.trainRows),
      tensors: 0,
    },
    history: {},
    error: null,
  };
}

/** Keeps the newest MAX_RUNS runs, never dropping an active one. */
function capRuns(runs: Record<string, Run>, order: string[]) {
  const keep = order.filter((id, i) => i < MAX_RUNS || isActive(runs[id]));
  return { runs: Object.fromEntries(keep.map((id) => [id, runs[id] as Run])), order: keep };
}

/** What persists: runs (snapshots, settings, histories), their order, the draft. */
type Persisted = Pick<
  RunState,
  'runs' | 'order' | 'currentRunId' | 'compareIds' | 'draft' | 'draftOrigin' | 'draftBasis'
>;

/** A run that was active when the page went away cannot continue: say so. */
export function restoreRuns(stored: Persisted): Persisted {
  const runs = Object.fromEntries(
    Object.entries(stored.runs).map(([id, run]) => [
      id,
      isActive(run)
        ? { ...run, phase: 'stopped' as const, interrupted: true, interruptedIn: run.phase }
        : run,
    ]),
  );
  return { ...stored, runs };
}

/**
 * What the dashboard says about an interrupted run, in one short sentence: where it stopped
 * and what to do. The details (the phase it was in, the backend, another tab) go to
 * interruptedTitle, the sentence's tooltip.
 */
export function interruptedText(run: Pick<Run, 'progress' | 'interruptedIn'>): string {
  const started = run.progress.step > 0 && run.interruptedIn !== 'selecting-backend';
  const where = started ? `at step ${run.progress.step}` : 'before its first step';
  return `Interrupted ${where}: the page was reloaded while it trained. Start it again with Train.`;
}

/** The tooltip of interruptedText: the phase, the backend, and what is kept. */
export function interruptedTitle(
  run: Pick<Run, 'name' | 'progress' | 'interruptedIn' | 'backend'>,
): string {
  const on = run.backend ? ` on ${run.backend}` : '';
  const phase =
    run.interruptedIn === 'selecting-backend'
      ? 'selecting a backend'
      : run.interruptedIn === 'compiling' || run.progress.step === 0
        ? `compiling${on}`
        : `training${on}`;
  return (
    `${run.name} was still ${phase} when this page loaded (the page that ran it was closed or ` +
    'reloaded, or another tab still runs it). Its charts are kept; its weights are not.'
  );
}

export function createRunStore(storage = debouncedStorage<Persisted>()) {
  return createStore<RunState>()(
    persist(
      (set, get) => ({
        runs: {},
        order: [],
        currentRunId: null,
        compareIds: [],
        draft: DEFAULT_SETTINGS,
        draftOrigin: 'default',
        draftBasis: null,
        models: {},

        addRun: (input) => {
          const { runs, order } = get();
          const capped = capRuns({ ...runs, [input.id]: newRun(input) }, [input.id, ...order]);
          set({ ...capped, currentRunId: input.id });
        },
        receive: (message) => set((state) => reduceMessage(state, message)),
        markStopping: (runId) =>
          set((state) =>
            updateRun(state, runId, (run) => (isActive(run) ? { phase: 'stopping' } : {})),
          ),
        failRun: (runId, error) =>
          set((state) => updateRun(state, runId, () => ({ phase: 'error', error }))),
        removeRun: (runId) =>
          set((state) => {
            const { [runId]: _removed, ...runs } = state.runs;
            const { [runId]: _model, ...models } = state.models;
            const order = state.order.filter((id) => id !== runId);
            return {
              runs,
              models,
              order,
              compareIds: state.compareIds.filter((id) => id !== runId),
              currentRunId: state.currentRunId === runId ? (order[0] ?? null) : state.currentRunId,
            };
          }),
        setCurrent: (currentRunId) =>
          set((state) => ({
            currentRunId,
            compareIds: state.compareIds.filter((id) => id !== currentRunId),
          })),
        toggleCompare: (runId) =>
          set((state) => ({
            compareIds: state.compareIds.includes(runId)
              ? state.compareIds.filter((id) => id !== runId)
              : [...state.compareIds, runId],
          })),
        addCompare: (runId) =>
          set((state) =>
            runId === state.currentRunId || state.compareIds.includes(runId) || !state.runs[runId]
              ? {}
              : { compareIds: [...state.compareIds, runId] },
          ),
        continueRun: (runId, { settings, fromStep }) =>
          set((state) => ({
            ...updateRun(state, runId, (run) => ({
              settings,
              phase: 'selecting-backend',
              error: null,
              backend: null,
              skipped: [],
              history: historyUpTo(run.history, fromStep),
              progress: {
                ...run.progress,
                step: fromStep,
                samplesPerSecond: NaN,
                totalSteps: totalStepsOf(settings, run.trainRows),
              },
            })),
            currentRunId: runId,
            compareIds: state.compareIds.filter((id) => id !== runId),
          })),
        keepComparesOf: (project) =>
          set((state) => {
            const key = taskSetKey(project);
            const keep = state.compareIds.filter((id) => {
              const run = state.runs[id];
              return run && taskSetKey(run.project) === key;
            });
            return keep.length === state.compareIds.length ? {} : { compareIds: keep };
          }),
        setDraft: (patch) =>
          set((state) => ({ draft: { ...state.draft, ...patch }, draftOrigin: 'edited' })),
        followProjectConfig: (project) => {
          const fromConfig = configRunSettings(project);
          const basis = JSON.stringify(fromConfig);
          const state = get();
          if (state.draftBasis === basis) return;
          if (state.draftBasis === null) {
            set({ draftBasis: basis });
            return;
          }
          set({
            draft: { ...state.draft, ...fromConfig },
            draftOrigin: 'config',
            draftBasis: basis,
          });
        },
      }),
      {
        name: RUNS_STORAGE_KEY,
        version: 1,
        storage,
        partialize: (s): Persisted => ({
          runs: s.runs,
          order: s.order,
          currentRunId: s.currentRunId,
          compareIds: s.compareIds,
          draft: s.draft,
          draftOrigin: s.draftOrigin,
          draftBasis: s.draftBasis,
        }),
        merge: (stored, current) => ({ ...current, ...restoreRuns(stored as Persisted) }),
      },
    ),
  );
}

export type RunStore = ReturnType<typeof createRunStore>;

/** The app's one run store. */
export const runStore: RunStore = createRunStore();

export function useRunStore<T>(selector: (state: RunState) => T): T {
  return useStore(runStore, selector);
}

export const selectCurrentRun = (s: RunState): Run | null =>
  s.currentRunId ? (s.runs[s.currentRunId] ?? null) : null;

/** Which project a run belongs to: its task names (a re-import or another project differs). */
export function taskSetKey(project: Pick<Project, 'tasks'>): string {
  return project.tasks
    .map((t) => t.name)
    .sort()
    .join('\n');
}

/**
 * The project as drawn: its task names and each task's relations. A "no relations" baseline of
 * the same tasks has another key, so the canvas that draws the relations never shows its
 * figures.
 */
export function drawnKey(project: Pick<Project, 'tasks'>): string {
  return project.tasks
    .map((t) => `${t.name}<${[...t.relationTowerNames].sort().join(',')}`)
    .sort()
    .join('\n');
}

/**
 * The run a task's badge reads: with `drawn` (drawnKey of the project on the canvas), the
 * current run when it is of that project as drawn, else the newest run that is; none when no
 * run is (a badge never shows another project's figures). Without `drawn`, the current run.
 */
export function badgeRun(s: RunState, drawn?: string): Run | null {
  const current = selectCurrentRun(s);
  if (drawn === undefined) return current;
  if (current && drawnKey(current.project) === drawn) return current;
  for (const id of s.order) {
    const run = s.runs[id];
    if (run && drawnKey(run.project) === drawn) return run;
  }
  return null;
}

function badgeSeries(s: RunState, taskName: string, drawn?: string) {
  const run = badgeRun(s, drawn);
  const task = run?.project.tasks.find((t) => t.name === taskName);
  if (!run || !task) return null;
  const metric = headlineMetric(taskKind(task.lossType, task.numClass));
  const points = run.history[seriesKey(taskName, metric)];
  const last = (points?.values.length ?? 0) - 1;
  if (!points || last < 0) return null;
  return { run, task, metric, value: points.values[last] as number, step: points.steps[last] };
}

/**
 * The held-out class that a binary task's AUC rests on, when it has fewer than FEW_POSITIVES
 * rows (the Data tab's threshold for "its AUC will be noise"): "1 positive", "12 negatives";
 * null when both classes have enough rows or the counts are unknown.
 */
export function fewClassesNote(run: Run, taskName: string): string | null {
  const counts = run.heldOutClasses?.[taskName];
  if (!counts) return null;
  const { positives, negatives } = counts;
  if (positives < FEW_POSITIVES && positives <= negatives)
    return `${positives.toLocaleString('en-US')} positive${positives === 1 ? '' : 's'}`;
  if (negatives < FEW_POSITIVES)
    return `${negatives.toLocaleString('en-US')} negative${negatives === 1 ? '' : 's'}`;
  return null;
}

/** The tooltip sentence that goes with fewClassesNote. */
export function fewClassesTitle(run: Run, taskName: string): string | null {
  const note = fewClassesNote(run, taskName);
  const counts = run.heldOutClasses?.[taskName];
  if (!note || !counts) return null;
  const rows = (counts.positives + counts.negatives).toLocaleString('en-US');
  return (
    `Only ${note} among the ${rows} held-out rows (fewer than ${FEW_POSITIVES}): too few ` +
    `for the AUC to mean much; it is noise. Hold out more rows or collect more data.`
  );
}

/**
 * The badge text of one task in badgeRun's run ("AUC 0.712", "MAE 12.3", "accuracy 0.640"):
 * the metric of the task's quality chart, or null. A formatted string: a component selecting
 * it re-renders only when the text changes, which happens once per evaluation at most.
 */
export function selectTaskBadge(taskName: string, drawn?: string) {
  return (s: RunState): string | null => {
    const badge = badgeSeries(s, taskName, drawn);
    if (!badge) return null;
    const text = `${METRIC_LABELS[badge.metric] ?? badge.metric} ${formatMetric(badge.value)}`;
    const few = badge.metric === 'auc' ? fewClassesNote(badge.run, taskName) : null;
    return few ? `${text} · ${few}` : text;
  };
}

/** The badge's tooltip: which metric, in which unit, at which step of which run. */
export function selectTaskBadgeTitle(taskName: string, drawn?: string) {
  return (s: RunState): string | null => {
    const badge = badgeSeries(s, taskName, drawn);
    if (!badge) return null;
    const what = metricDescription(badge.metric, badge.task.labelName);
    const title = `${what[0]?.toUpperCase()}${what.slice(1)}, step ${badge.step} of ${badge.run.name}`;
    const few = badge.metric === 'auc' ? fewClassesTitle(badge.run, taskName) : null;
    return few ? `${title}. ${few}` : title;
  };
}
