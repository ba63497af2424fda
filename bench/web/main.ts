/**
 * The bench page: trains through the app's own worker (createTrainClient, the path the Train
 * button takes) and reports, per run, the backend that ran, the time from sending the start
 * to step 1's report reaching the page, warm-up and steady samples/s. It has no UI (no React,
 * no charts, the data encoded before the clock starts), so what a user waits for after
 * "Train" and the page's long tasks are measured in the built app instead (runAppTrain in
 * bench/browser.ts). `window.benchLayers` trains the tfjs LayersModel baseline in a worker of
 * its own on the same backend. bench/browser.ts opens the page in headless Chromium and calls
 * both.
 */
import type { BackendChoice, FromWorker } from '../../src/worker/protocol';
import { createTrainClient } from '../../src/worker/trainClient';
import { softwareWebGl, softwareWebGpu, webGlRenderer } from '../../src/worker/backendSoftware';
import { benchData, benchOptions, reportEveryFor } from '../setup';
import { steady, type Window } from '../node/measure';
import type { LayersReply, LayersRequest } from './layers.worker';

export interface BrowserRun {
  backend: string | null;
  skipped: { backend: string; reason: string }[];
  batchSize: number;
  samplesPerSecond: number;
  measuredSteps: number;
  /** From sending the start (data already encoded) to step 1's report reaching the page. */
  firstStepMs: number;
  warmUpMs: number;
  error: string | null;
}

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
    firstStepMs: NaN,
    warmUpMs: NaN,
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
          run.firstStepMs = now - start;
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
  const s = steady(windows);
  run.samplesPerSecond = s.samplesPerSecond;
  run.measuredSteps = s.measuredSteps;
  return run;
}

export interface BrowserLayersRun {
  backend: string;
  batchSize: number;
  samplesPerSecond: number;
  measuredSteps: number;
  /** From building the model to the end of the first batch (fit's compile and first step). */
  firstBatchMs: number;
  error: string | null;
}

/**
 * The LayersModel baseline on `backend`: stops on its own once `budgetMs` of steady batches
 * are timed or before a batch that would end past `limitMs`; the worker is ended if it has not
 * answered a minute after that (a batch can take that long on SwiftShader).
 */
async function benchLayers(
  backend: BackendChoice,
  batchSize: number,
  budgetMs: number,
  limitMs: number,
): Promise<BrowserLayersRun> {
  const worker = new Worker(new URL('./layers.worker.ts', import.meta.url), { type: 'module' });
  const request: LayersRequest = {
    backend: backend === 'auto' ? 'wasm' : backend,
    batchSize,
    budgetMs,
    limitMs,
    // GPU backends on SwiftShader take seconds a batch: each batch is a window there.
    every: backend === 'wasm' ? reportEveryFor(batchSize) : 1,
  };
  const reply = await new Promise<LayersReply>((resolve) => {
    const timer = setTimeout(
      () =>
        resolve({ ok: false, backend, error: `no answer within ${(limitMs + 60_000) / 1000} s` }),
      limitMs + 60_000,
    );
    worker.onmessage = (event: MessageEvent<LayersReply>) => {
      clearTimeout(timer);
      resolve(event.data);
    };
    worker.onerror = (event) => {
      clearTimeout(timer);
      resolve({ ok: false, backend, error: `the worker failed: ${event.message}` });
    };
    worker.postMessage(request);
  });
  worker.terminate();
  return reply.ok
    ? {
        backend: reply.backend,
        batchSize,
        samplesPerSecond: reply.samplesPerSecond,
        measuredSteps: reply.measuredSteps,
        firstBatchMs: reply.firstPointMs,
        error: Number.isFinite(reply.samplesPerSecond)
          ? null
          : `no batch after the first within ${limitMs / 1000} s`,
      }
    : {
        backend: reply.backend,
        batchSize,
        samplesPerSecond: NaN,
        measuredSteps: 0,
        firstBatchMs: NaN,
        error: reply.error,
      };
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

/** Why each GPU backend here runs on the CPU (SwiftShader and the like), or null for a GPU. */
async function softwareGpu(): Promise<{ webgl: string | null; webgpu: string | null }> {
  const gpu = (navigator as { gpu?: { requestAdapter(): Promise<unknown> } }).gpu;
  const adapter = gpu ? await gpu.requestAdapter() : null;
  return {
    webgl: softwareWebGl(webGlRenderer()),
    webgpu: adapter ? softwareWebGpu(adapter) : null,
  };
}

Object.assign(window, { benchTrain, benchLayers, gpuInfo, softwareGpu });
(document.getElementById('status') as HTMLElement).textContent = 'ready';
