/**
 * The model's view of its inputs: the shape of each encoded feature without its data, and one
 * batch of them as tensors. Specs are what a saved model keeps, so it can be rebuilt and fed
 * without the training data.
 */
import * as tf from '@tensorflow/tfjs';
import type { EncodedDataset, EncodedFeature } from '../data/encoded';

export type InputSpec =
  | { kind: 'id'; name: string; table: string; vocabSize: number; embeddingDim: number }
  | {
      kind: 'tag';
      name: string;
      table: string;
      vocabSize: number;
      embeddingDim: number;
      combiner: 'sum' | 'mean';
      maxItems: number;
    }
  | { kind: 'dense'; name: string };

export function inputSpec(feature: EncodedFeature): InputSpec {
  switch (feature.kind) {
    case 'id': {
      const { name, table, vocabSize, embeddingDim } = feature;
      return { kind: 'id', name, table, vocabSize, embeddingDim };
    }
    case 'tag': {
      const { name, table, vocabSize, embeddingDim, combiner, maxItems } = feature;
      return { kind: 'tag', name, table, vocabSize, embeddingDim, combiner, maxItems };
    }
    case 'dense':
      return { kind: 'dense', name: feature.name };
  }
}

export function inputSpecs(dataset: EncodedDataset): InputSpec[] {
  return dataset.features.map(inputSpec);
}

/** Width of the concatenated input layer. */
export function inputWidth(specs: readonly InputSpec[]): number {
  return specs.reduce((sum, s) => sum + (s.kind === 'dense' ? 1 : s.embeddingDim), 0);
}

/** One feature of one batch, on the device. */
export type InputTensor =
  | { kind: 'id'; ids: tf.Tensor1D }
  | { kind: 'tag'; ids: tf.Tensor1D; mask: tf.Tensor2D }
  | { kind: 'dense'; values: tf.Tensor2D };

/** One batch on the device: inputs in group order, and per task its labels and weights. */
export interface BatchTensors {
  size: number;
  inputs: InputTensor[];
  /** By task name: label values [B] (class ids as floats for multi-class). */
  labels: Record<string, tf.Tensor1D>;
  /** By task name: per-sample loss weights [B] (sample weight × task space), see weights.ts. */
  weights: Record<string, tf.Tensor1D>;
}

export function disposeBatch(batch: BatchTensors): void {
  for (const input of batch.inputs) {
    if (input.kind === 'dense') input.values.dispose();
    else input.ids.dispose();
    if (input.kind === 'tag') input.mask.dispose();
  }
  for (const t of Object.values(batch.labels)) t.dispose();
  for (const t of Object.values(batch.weights)) t.dispose();
}
