/**
 * The worker's side of a training run, apart from the `self.onmessage` glue so that Node tests
 * drive it directly: picks the backend, runs the core trainer, answers pause/resume/stop
 * between steps, throttles progress messages, snapshots weights at each evaluation (read back
 * to the CPU, so a lost GPU device does not take them along) and reports errors with a code.
 */
import * as tf from '@tensorflow/tfjs';
import { prepareSamples } from '../core/data/prepare';
import { ModelError } from '../core/model/errors';
import { saveModel, savedModelBuffers, type SavedModel } from '../core/train/checkpoint';
import type { TrainEvent } from '../core/train/options';
import { train } from '../core/train/trainer';
import { selectBackend, type BackendEnvironment } from './backend';
import type { BackendName, FromWorker, ToWorker } from './protocol';

export type Post = (message: FromWorker, transfer?: Transferable[]) => void;

type Start = Extract<ToWorker, { type: 'start' }>;
/** A start whose samples are encoded. */
type EncodedStart = Extract<Start, { train: unknown }>;

/** How long a failure waits for the device's `lost` promise before it is named otherwise. */
const LOST_GRACE_MS = 1000;

/**
 * A round trip through a MessageChannel: a task queued behind the messages already there (a
 * pause, a stop), and not clamped like a nested setTimeout(0) (4 ms in a Chromium worker:
 * measured 3.9 ms a step, a tenth of a step at batch 256; this takes about 5 µs).
 */
export function channelYielder(): () => Promise<void> {
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      channel.port2.postMessage(null);
    });
}

let yielder: (() => Promise<void>) | null = null;

/**
 * Lets queued messages (pause, stop) in before the next step. In a browser worker: a
 * MessageChannel round trip. In Node (tests): setImmediate, since Node drains up to 1000
 * messages of one port before anything else runs, which would starve timers and other ports.
 */
export function yieldToEvents(): Promise<void> {
  yielder ??=
    typeof setImmediate === 'function'
      ? () => new Promise<void>((resolve) => setImmediate(resolve))
      : typeof MessageChannel === 'function'
        ? channelYielder()
        : () => new Promise<void>((resolve) => setTimeout(resolve, 0));
  return yielder();
}

interface WebGpuBackendLike {
  device?: { lost?: Promise<{ message?: string }> };
}

export class TrainSession {
  private running = false;
  private paused = false;
  private stopRequested = false;
  private resumeWaiter: (() => void) | null = null;
  private deviceLost: string | null = null;
  /** Resolves when the device of this run is lost (set by watchDevice), or null. */
  private lost: Promise<unknown> | null = null;

  constructor(
    private readonly post: Post,
    private readonly env: BackendEnvironment = {},
    /** A clock in milliseconds (tests: a fake one), for progress throttling and samples/s. */
    private readonly now: () => number = () => performance.now(),
    /** Resolves with a reason when the device is lost; by default WebGPU's `device.lost`. */
    private readonly deviceLoss: () => Promise<string> | null = webGpuDeviceLoss,
    /** Lets queued messages in between two steps (tests: one that takes time on `now`). */
    private readonly yieldBetweenSteps: () => Promise<void> = yieldToEvents,
  ) {}

  handle(message: ToWorker): void {
    switch (message.type) {
      case 'start': {
        if (this.running) return;
        const start = this.encoded(message);
        if (start) void this.run(start);
        return;
      }
      case 'pause':
        this.paused = true;
        return;
      case 'resume':
        this.paused = false;
        this.resumeWaiter?.();
        return;
      case 'stop':
        this.stopRequested = true;
        this.paused = false;
        this.resumeWaiter?.();
        return;
    }
  }

  /**
   * The start with its datasets: samples are encoded here (the page learns the result from
   * `encoded` or `encode-failed`); null when they cannot train the project.
   */
  private encoded(message: Start): EncodedStart | null {
    if (!('samples' in message)) return message;
    const { samples, ...rest } = message;
    const prepared = prepareSamples(samples, message.project);
    const { runId } = message;
    if (!prepared.ok) {
      this.post({ type: 'encode-failed', runId, message: prepared.message });
      return null;
    }
    this.post({ type: 'encoded', runId, ...prepared.summary });
    return { ...rest, train: prepared.encoded.train, eval: prepared.encoded.validation };
  }

  private async run(start: EncodedStart): Promise<void> {
    const { runId } = start;
    this.running = true;
    this.stopRequested = false;
    this.paused = false;
    this.deviceLost = null;
    this.lost = null;
    let snapshot: SavedModel | undefined;
    let pendingSnapshot: Promise<void> | null = null;
    let checkpoint: (() => Promise<SavedModel>) | null = null;
    let step = start.resume?.manifest.step ?? 0;
    let backend: BackendName | null = null;
    try {
      this.post({ type: 'state', runId, state: 'selecting-backend' });
      const selection = await selectBackend(start.backend, this.env);
      backend = selection.backend;
      this.post({ type: 'backend', runId, ...selection });
      this.watchDevice();
      this.post({ type: 'state', runId, state: 'compiling' });

      let lastProgress = -Infinity;
      // The newest progress the throttle held back: posted before `done`, so the charts end at
      // the run's last step instead of the last one that happened to be sent.
      let heldBack: Extract<TrainEvent, { type: 'progress' }> | null = null;
      const onEvent = (event: TrainEvent) => {
        if (event.type === 'eval') {
          this.post({ type: 'eval', runId, event });
          return;
        }
        if (event.step === 1) this.post({ type: 'state', runId, state: 'training' });
        const t = this.now();
        if (t - lastProgress >= start.progressIntervalMs || event.step === 1) {
          lastProgress = t;
          heldBack = null;
          this.post({ type: 'progress', runId, event, tensors: tf.memory().numTensors });
        } else heldBack = event;
      };

      const result = await train(
        start.project,
        start.train,
        start.eval,
        start.options,
        {
          onEvent: (event) => {
            onEvent(event);
            // Not once the device is lost: its weights can no longer be read.
            if (event.type === 'eval' && checkpoint && this.deviceLost === null) {
              // Kept for a device loss: the weights, Adam's moments and the data position as
              // of this evaluation, read back to the CPU side before the next step changes them
              // (awaited in betweenSteps), so "continue on CPU" goes on exactly from here.
              pendingSnapshot = checkpoint().then((s) => {
                snapshot = s;
              });
            }
          },
          // Returns the time that was no training (samples/s leaves it out): reading the
          // evaluation's checkpoint, and a pause. Yielding counts: the run takes that time.
          betweenSteps: async (done) => {
            step = done;
            let notTraining = 0;
            if (pendingSnapshot) {
              const t = this.now();
              await pendingSnapshot;
              notTraining += this.now() - t;
            }
            pendingSnapshot = null;
            await this.yieldBetweenSteps();
            if (this.paused) {
              const t = this.now();
              // Waiting before it says so: a resume or stop answered at once is not missed.
              const resumed = new Promise<void>((resolve) => (this.resumeWaiter = resolve));
              this.post({ type: 'state', runId, state: 'paused' });
              await resumed;
              this.resumeWaiter = null;
              if (!this.stopRequested && this.deviceLost === null)
                this.post({ type: 'state', runId, state: 'training' });
              notTraining += this.now() - t;
            }
            return notTraining;
          },
          now: this.now,
          shouldStop: () => this.stopRequested || this.deviceLost !== null,
          abandoned: () => this.deviceLost !== null,
          onCheckpointer: (take) => (checkpoint = take),
        },
        start.resume,
      );
      if (this.deviceLost) {
        // The weights on the lost device cannot be read; the last snapshot stands in for them.
        result.dispose();
        throw new DeviceLost(this.deviceLost);
      }
      if (heldBack)
        this.post({ type: 'progress', runId, event: heldBack, tensors: tf.memory().numTensors });
      const saved = await saveModel(result.model, start.project, result.steps);
      result.dispose();
      this.post(
        {
          type: 'done',
          runId,
          stopped: result.stopped,
          steps: result.steps,
          epochs: result.epochs,
          lastEval: result.lastEval,
          model: saved,
        },
        [saved.weightData],
      );
    } catch (caught) {
      // A destroyed device fails pending reads (mapAsync) before its `lost` promise resolves:
      // give that a moment, so the failure is named for what it is.
      if (this.deviceLost === null && this.lost)
        await Promise.race([
          this.lost,
          new Promise((resolve) => setTimeout(resolve, LOST_GRACE_MS)),
        ]);
      // Whatever failed after the device was lost failed because of it.
      const error = this.deviceLost !== null ? new DeviceLost(this.deviceLost) : caught;
      this.post(
        errorMessage(runId, error, step, snapshot, backend),
        snapshot ? savedModelBuffers(snapshot) : [],
      );
    } finally {
      this.running = false;
    }
  }

  /**
   * Destroys the WebGPU device as a GPU reset or driver crash would (e2e tests reach it through
   * the worker's `__dbmtlLoseDevice`). False when the backend is not WebGPU.
   */
  loseDevice(): boolean {
    if (tf.getBackend() !== 'webgpu') return false;
    const device = (tf.backend() as unknown as { device?: { destroy?: () => void } }).device;
    if (!device?.destroy) return false;
    device.destroy();
    return true;
  }

  /** A lost device ends the run after the current step. */
  private watchDevice(): void {
    this.lost =
      this.deviceLoss()?.then((reason) => {
        this.deviceLost = reason;
        // A paused run ends at once: it will never train on this device again.
        this.paused = false;
        this.resumeWaiter?.();
      }) ?? null;
  }
}

function webGpuDeviceLoss(): Promise<string> | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const lost = (tf.backend() as unknown as WebGpuBackendLike).device?.lost;
  return lost ? lost.then((info) => info?.message || 'the GPU device was lost') : null;
}

class DeviceLost extends Error {}

function errorMessage(
  runId: string,
  error: unknown,
  step: number,
  lastGoodModel: SavedModel | undefined,
  backend: BackendName | null,
): FromWorker {
  const base = {
    type: 'error' as const,
    runId,
    step,
    ...(lastGoodModel ? { lastGoodModel } : {}),
  };
  if (error instanceof DeviceLost) {
    return {
      ...base,
      code: 'DEVICE_LOST',
      message:
        `The GPU device was lost at step ${step} (${error.message}). ` +
        (lastGoodModel
          ? `The weights of step ${lastGoodModel.manifest.step} are kept: continuing on the CPU ` +
            `backend goes on from there.`
          : 'No weights had been saved yet: continuing on the CPU backend starts afresh.'),
      where: `step ${step}`,
      offerCpu: true,
    };
  }
  if (error instanceof ModelError) {
    return { ...base, code: error.code, message: error.message, where: error.where };
  }
  const message = error instanceof Error ? error.message : String(error);
  const code = /backend/i.test(message) ? 'BACKEND_UNAVAILABLE' : 'INTERNAL';
  // A failure inside a GPU or WASM backend (not the data or the settings: those are
  // ModelErrors above) may well not happen on the plain CPU backend: offer it there too.
  const offerCpu = backend !== null && backend !== 'cpu';
  const from = lastGoodModel
    ? ` Continuing on the CPU backend goes on from the weights of step ${lastGoodModel.manifest.step}.`
    : '';
  return {
    ...base,
    code,
    message: offerCpu ? `${message}${from}` : message,
    where: `step ${step}`,
    ...(offerCpu ? { offerCpu } : {}),
  };
}
