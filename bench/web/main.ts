/**
 * The bench page: trains through the app's own worker (createTrainClient, the path the Train
 * button takes) and reports, per run, the backend that ran, time from "Train" to the first
 * plotted point, warm-up, steady samples/s and the longest main-thread task while it trained.
 * bench/browser.ts opens it in headless Chromium and calls `window.benchTrain`.
 */
import type { BackendChoice, FromWorker } from '../../src/worker/protocol';
import { createTrainClient } from '../../src/worker/trainClient';
import { benchData, benchOptions, reportEveryFor } from '../setup';
import { steady, type Window } from '../node/measure';

export interface BrowserRun {
  backend: string | null;
  skipped: { backend: string; reason: string }[];
  batchSize: number;
  samplesPerSecond: number;
  measuredSteps: number;
  firstPointMs: number;
  warmUpMs: number;
  longestTaskMs: number;
  longTasks: number;
  error: string | null;
}

const longTasks: { start: number; duration: number }[] = [];
try {
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longTasks.push({ start: e.startTime, duration: e.duration });
  }).observe({ type: 'longtask', buffered: true });
} catch {
  // No longtask support: the figure reads 0 tasks.
}

const nextFrame = () =>
  new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())));

async function benchTrain(
  backend: BackendChoice,
  batchSize: number,
  budgetMs: number,
  limitMs: number,
): Promise<BrowserRun> {
  const data = benchData();
  const client = createTrainClient();
  const windows: Window[] = [];
  const run: BrowserRun = {
    backend: null,
    skipped: [],
    batchSize,
    samplesPerSecond: NaN,
    measuredSteps: 0,
    firstPointMs: NaN,
    warmUpMs: NaN,
    longestTaskMs: 0,
    longTasks: 0,
    error: null,
  };
  let compileStart = NaN;
  let measureStart = NaN;
  let lastStep = 0;
  let stopSent = false;
  const start = performance.now();
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      // Cut off: the figures are those of the windows finished by then (if any).
      run.error = `cut off at ${Math.round(limitMs / 1000)} s`;
      resolve();
    }, limitMs);
    client.subscribe((message: FromWorker) => {
      const now = performance.now();
      if (message.type === 'backend') {
        run.backend = message.backend;
        run.skipped = message.skipped;
      } else if (message.type === 'state' && message.state === 'compiling') {
        compileStart = now;
      } else if (message.type === 'progress') {
        const { step, samplesPerSecond } = message.event;
        if (step === 1) {
          run.warmUpMs = now - compileStart;
          // The chart draws on the next frame.
          void nextFrame().then((t) => (run.firstPointMs = t - start));
          measureStart = now;
        } else if (Number.isFinite(samplesPerSecond)) {
          const steps = step - lastStep;
          windows.push({
            steps,
            samples: steps * batchSize,
            ms: (steps * batchSize * 1000) / samplesPerSecond,
          });
        }
        lastStep = step;
        if (!stopSent && windows.length >= 2 && now - measureStart > budgetMs) {
          stopSent = true;
          client.send({ type: 'stop' });
        }
      } else if (message.type === 'done' || message.type === 'error') {
        if (message.type === 'error') run.error = `${message.code}: ${message.message}`;
        clearTimeout(timer);
        resolve();
      }
    });
    client.send({
      type: 'start',
      runId: `bench-${backend}-${batchSize}`,
      project: data.project,
      train: data.train,
      eval: null,
      // GPU backends read every step: their steps are seconds long on SwiftShader.
      options: benchOptions(
        data.project,
        batchSize,
        backend === 'wasm' ? reportEveryFor(batchSize) : 1,
      ),
      backend,
      progressIntervalMs: 0,
    });
  });
  client.terminate();
  const during = longTasks.filter((t) => t.start >= start);
  run.longTasks = during.length;
  run.longestTaskMs = during.reduce((m, t) => Math.max(m, t.duration), 0);
  const s = steady(windows);
  run.samplesPerSecond = s.samplesPerSecond;
  run.measuredSteps = s.measuredSteps;
  return run;
}

async function gpuInfo(): Promise<string> {
  const gpu = (
    navigator as {
      gpu?: {
        requestAdapter(): Promise<{ info?: { architecture?: string; vendor?: string } } | null>;
      };
    }
  ).gpu;
  if (!gpu) return 'no navigator.gpu';
  const adapter = await gpu.requestAdapter();
  if (!adapter) return 'no adapter';
  return `${adapter.info?.vendor ?? '?'} ${adapter.info?.architecture ?? '?'}`;
}

Object.assign(window, { benchTrain, gpuInfo });
(document.getElementById('status') as HTMLElement).textContent = 'ready';
