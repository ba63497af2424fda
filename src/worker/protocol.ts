/**
 * The one message protocol between the page and the training worker. Plain data only:
 * encoded datasets travel as typed arrays whose buffers are transferred, the loaded tables as
 * copies (the page keeps them), never class instances. Both sides import these types; nothing
 * else crosses the boundary.
 */
import type { EncodedDataset } from '../core/data/encoded';
import type { EncodedSummary, Samples } from '../core/data/prepare';
import type { Project } from '../core/project/types';
import type { SavedModel } from '../core/train/checkpoint';
import type { EvalMetrics } from '../core/train/evaluate';
import type { TrainEvent, TrainOptions } from '../core/train/options';

export const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKENDS)[number];
/** `auto` tries WebGPU → WebGL → WASM → CPU; a name forces that backend (no fallback). */
export type BackendChoice = 'auto' | BackendName;

export interface SkippedBackend {
  backend: BackendName;
  reason: string;
}

/**
 * A run's data: samples the worker encodes (the app: encoding takes tens of milliseconds or
 * more, off the page's main thread; the worker answers `encoded` first), or datasets already
 * encoded (the bench), whose buffers are transferred.
 */
export type StartData =
  { samples: Samples } | { train: EncodedDataset; eval: EncodedDataset | null };

/** Page → worker. */
export type ToWorker =
  | ({
      type: 'start';
      runId: string;
      project: Project;
      options: TrainOptions;
      backend: BackendChoice;
      /** Minimum time between two progress messages; evaluations are always sent. */
      progressIntervalMs: number;
      /**
       * Continue from these weights (e.g. the last good ones after a lost GPU device); with
       * their `training` state the run goes on exactly as it would have (Adam's moments, data
       * order, random streams).
       */
      resume?: SavedModel;
    } & StartData)
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' };

export type RunState = 'selecting-backend' | 'compiling' | 'training' | 'paused' | 'stopping';

/** Worker → page. */
export type FromWorker =
  /**
   * The samples of a `start` with `samples` are encoded: what the run's card shows. Comes
   * before any other message of the run; training follows.
   */
  | ({ type: 'encoded'; runId: string } & EncodedSummary)
  /** The samples could not train the project (the message says why); no training follows. */
  | { type: 'encode-failed'; runId: string; message: string }
  | { type: 'backend'; runId: string; backend: BackendName; skipped: SkippedBackend[] }
  | { type: 'state'; runId: string; state: RunState }
  | {
      type: 'progress';
      runId: string;
      event: Extract<TrainEvent, { type: 'progress' }>;
      /** tf.memory().numTensors after this step: flat across steps, or something leaks. */
      tensors: number;
    }
  | { type: 'eval'; runId: string; event: Extract<TrainEvent, { type: 'eval' }> }
  | {
      type: 'done';
      runId: string;
      stopped: 'finished' | 'stopped';
      steps: number;
      epochs: number;
      lastEval: EvalMetrics | null;
      /** The trained weights; `weightData` is transferred. */
      model: SavedModel;
    }
  | {
      type: 'error';
      runId: string;
      /** ModelError codes, or DEVICE_LOST, BACKEND_UNAVAILABLE, INTERNAL. */
      code: string;
      message: string;
      where: string;
      /** The training step the run had reached, when known. */
      step?: number;
      /** The last weights read back before the failure (after the last evaluation), if any. */
      lastGoodModel?: SavedModel;
      /**
       * True when continuing on the CPU backend is worth offering: a lost GPU device, or a
       * failure inside another non-CPU backend (not a data or settings error).
       */
      offerCpu?: boolean;
    };

/** The buffers of a dataset, for postMessage's transfer list. */
export function datasetBuffers(data: EncodedDataset | null): ArrayBuffer[] {
  if (!data) return [];
  const arrays: ArrayBufferView[] = [];
  for (const f of data.features) {
    if (f.kind === 'dense') arrays.push(f.values);
    else arrays.push(f.ids);
    if (f.kind === 'tag') arrays.push(f.mask);
  }
  arrays.push(...Object.values(data.labels), ...Object.values(data.groups ?? {}));
  if (data.sampleWeight) arrays.push(data.sampleWeight);
  // A buffer may back several views; transfer each once.
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}
