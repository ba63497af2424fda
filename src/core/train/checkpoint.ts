/**
 * Saving and loading trained weights: one binary buffer of float32 values in variable order,
 * described by a tfjs weights manifest (`[{ paths, weights: [{ name, shape, dtype }] }]`, so
 * tf.io can decode it too), inside our own JSON manifest that also keeps the project and the
 * input specs the model was built from. Variable names are EasyRec's scopes
 * (`click/relation_dnn/dnn_0/kernel`).
 */
import * as tf from '@tensorflow/tfjs';
import { buildDbmtl, disposeModel, type DbmtlModel } from '../model/dbmtl';
import { ModelError } from '../model/errors';
import type { InputSpec } from '../model/inputs';
import type { Project } from '../project/types';
import type { AdamState } from './adam';

export const MODEL_FORMAT = 'dbmtl-studio-model';
export const MODEL_FORMAT_VERSION = 1;
export const WEIGHTS_FILE = 'weights.bin';

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

export interface ModelManifest {
  format: typeof MODEL_FORMAT;
  formatVersion: number;
  project: Project;
  inputs: InputSpec[];
  /** Training steps behind these weights. */
  step: number;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
  /** The data pipeline's feature encoding (vocabularies, hashing), opaque to the model. */
  encoding?: unknown;
}

/**
 * Where a run stood between two steps beyond its weights (memory only, never in model.json):
 * with it a continued run takes exactly the steps the uninterrupted run would have taken.
 */
export interface TrainingState {
  epoch: number;
  /** Batches of the current epoch already taken. */
  batchInEpoch: number;
  /** The current epoch's row order. */
  order: Int32Array;
  /** Positions of the shuffling and dropout generators. */
  shuffleState: number;
  dropoutState: number;
  /** The data and batch size it applies to (a continued run must use the same). */
  numRows: number;
  batchSize: number;
  /** Adam's moments and update count. */
  optimizer: AdamState;
}

export interface SavedModel {
  manifest: ModelManifest;
  weightData: ArrayBuffer;
  /** Present in a checkpoint taken during training (see trainer.ts `checkpoint`). */
  training?: TrainingState;
}

/** The buffers of a saved model, for postMessage's transfer list. */
export function savedModelBuffers(saved: SavedModel): ArrayBuffer[] {
  const views = saved.training
    ? [saved.training.order, ...saved.training.optimizer.moments].map((v) => v.buffer)
    : [];
  return [...new Set([saved.weightData, ...views])] as ArrayBuffer[];
}

/** Reads every variable (asynchronously) into one buffer. */
export async function saveModel(
  model: DbmtlModel,
  project: Project,
  step: number,
  encoding?: unknown,
): Promise<SavedModel> {
  const values = await Promise.all(
    model.variables.map((v) => v.variable.data() as Promise<Float32Array>),
  );
  const total = values.reduce((sum, v) => sum + v.length, 0);
  const weightData = new Float32Array(total);
  let offset = 0;
  for (const v of values) {
    weightData.set(v, offset);
    offset += v.length;
  }
  const weights = model.variables.map((v) => ({
    name: v.name,
    shape: [...v.variable.shape],
    dtype: 'float32' as const,
  }));
  const manifest: ModelManifest = {
    format: MODEL_FORMAT,
    formatVersion: MODEL_FORMAT_VERSION,
    project: structuredClone(project),
    inputs: structuredClone(model.inputs),
    step,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights }],
  };
  if (encoding !== undefined) manifest.encoding = encoding;
  return { manifest, weightData: weightData.buffer };
}

function mismatch(message: string, where: string): ModelError {
  return new ModelError('WEIGHTS_MISMATCH', message, where);
}

/**
 * Fills every variable of `model` from saved weights, matched by name and checked by shape.
 * Used to load a model, and to continue a run (on another backend) from its last weights.
 */
export function assignWeights(model: DbmtlModel, saved: SavedModel): void {
  const { manifest, weightData } = saved;
  if (manifest.format !== MODEL_FORMAT || manifest.formatVersion > MODEL_FORMAT_VERSION) {
    throw mismatch(
      `Expected a ${MODEL_FORMAT} manifest of version ≤ ${MODEL_FORMAT_VERSION}; found ` +
        `${String(manifest.format)} version ${String(manifest.formatVersion)}.`,
      'manifest',
    );
  }
  const specs = manifest.weightsManifest.flatMap((group) => group.weights);
  const data = new Float32Array(weightData);
  const offsets = new Map<string, { spec: WeightSpec; offset: number }>();
  let offset = 0;
  for (const spec of specs) {
    offsets.set(spec.name, { spec, offset });
    offset += spec.shape.reduce((a, b) => a * b, 1);
  }
  if (offset !== data.length) {
    throw mismatch(
      `The manifest describes ${offset} weights; the file holds ${data.length}.`,
      WEIGHTS_FILE,
    );
  }
  for (const { name, variable } of model.variables) {
    const entry = offsets.get(name);
    if (!entry) throw mismatch(`The saved weights have no variable "${name}".`, name);
    const { spec } = entry;
    if (spec.shape.join(',') !== variable.shape.join(',')) {
      throw mismatch(
        `Variable "${name}" has shape [${variable.shape.join(', ')}] in the model and ` +
          `[${spec.shape.join(', ')}] in the file.`,
        name,
      );
    }
    const values = data.subarray(entry.offset, entry.offset + variable.size);
    tf.tidy(() => variable.assign(tf.tensor(values, variable.shape, 'float32')));
  }
}

/** Rebuilds the model from its manifest and fills every variable from the buffer. */
export function loadModel(manifest: ModelManifest, weightData: ArrayBuffer): DbmtlModel {
  const model = buildDbmtl(manifest.project, manifest.inputs, 0);
  try {
    assignWeights(model, { manifest, weightData });
    return model;
  } catch (error) {
    disposeModel(model);
    throw error;
  }
}
