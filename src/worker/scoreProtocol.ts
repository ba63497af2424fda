/**
 * Messages of the scoring worker: the page sends a trained model and an encoded dataset,
 * the worker answers with EasyRec's output columns (`probs_<task>`, `y_<task>`). A worker of
 * its own, started for one download and ended after it, so scoring never waits on (or
 * disturbs) a training run. Buffers are transferred both ways.
 */
import type { EncodedDataset } from '../core/data/encoded';
import type { ModelManifest } from '../core/train/checkpoint';
import type { ScoreColumn } from '../core/train/evaluate';

export interface ScoreRequest {
  manifest: ModelManifest;
  weightData: ArrayBuffer;
  data: EncodedDataset;
  batchSize: number;
}

export type ScoreReply = { ok: true; columns: ScoreColumn[] } | { ok: false; message: string };
