/**
 * The message protocol between the page and the reading worker. Plain data only: the table's
 * code arrays travel as transferred buffers.
 */
import type { ReadOptions, ReadProgress, ReadResult } from '../core/data/read';
import type { Schema } from '../core/data/schema';

/** Reader options that cross the boundary (no signal, no callback). */
export type WorkerReadOptions = Omit<ReadOptions, 'signal' | 'onProgress'>;

/** Page → worker. */
export type ToReadWorker = {
  type: 'read';
  file: Blob;
  options: WorkerReadOptions;
  /** Label columns of the project's tasks, so inference marks them. */
  labelNames: string[];
};

/** Worker → page. */
export type FromReadWorker =
  | ({ type: 'progress' } & ReadProgress)
  | { type: 'done'; result: ReadResult; schema: Schema }
  | { type: 'error'; message: string };
