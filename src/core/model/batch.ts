/**
 * Assembles fixed-size batches of an EncodedDataset as tensors. Every batch has exactly `size`
 * rows so that no backend recompiles its kernels: a short batch (the end of an evaluation
 * pass) is padded with copies of its first row, whose weights are 0 and whose outputs the
 * caller ignores.
 */
import * as tf from '@tensorflow/tfjs';
import type { EncodedDataset } from '../data/encoded';
import type { TaskSpec } from './dbmtl';
import { ModelError } from './errors';
import type { BatchTensors, InputSpec, InputTensor } from './inputs';
import { fillTaskWeights } from './weights';

/** Copies `rows` of a column of `width` values per row into a new array of `size` rows. */
function gather<T extends Int32Array | Float32Array>(
  source: T,
  rows: ArrayLike<number>,
  size: number,
  width: number,
  make: (n: number) => T,
): T {
  const out = make(size * width);
  for (let i = 0; i < size; i++) {
    const row = rows[i < rows.length ? i : 0] as number;
    if (width === 1) out[i] = source[row] as number;
    else out.set(source.subarray(row * width, (row + 1) * width), i * width);
  }
  return out;
}

const ints = (n: number) => new Int32Array(n);
const floats = (n: number) => new Float32Array(n);

/**
 * Re-lays rows of `from` items as rows of `to` items: data encoded later (a file to score) may
 * have a different longest tag cell than the training data the model was sized for. Extra
 * items are cut (as the encoder's own cap does); missing slots are padding (id 0, mask 0).
 */
function fitWidth<T extends Int32Array | Float32Array>(
  values: T,
  from: number,
  to: number,
  make: (n: number) => T,
): T {
  if (from === to) return values;
  const rows = values.length / from;
  const out = make(rows * to);
  const keep = Math.min(from, to);
  for (let r = 0; r < rows; r++) out.set(values.subarray(r * from, r * from + keep), r * to);
  return out;
}

export class BatchBuilder {
  /** The model's tag width per input (0 for other kinds). */
  private readonly tagWidths: number[];

  constructor(
    inputs: readonly InputSpec[],
    private readonly tasks: readonly TaskSpec[],
    private readonly data: EncodedDataset,
    readonly size: number,
  ) {
    if (data.features.length !== inputs.length) {
      throw new ModelError(
        'INPUTS_MISMATCH',
        `The model expects ${inputs.length} input features; the data has ${data.features.length}.`,
        'features',
      );
    }
    this.tagWidths = inputs.map((spec) => (spec.kind === 'tag' ? spec.maxItems : 0));
    inputs.forEach((spec, i) => {
      const feature = data.features[i];
      if (feature?.kind !== spec.kind || feature.name !== spec.name) {
        throw new ModelError(
          'INPUTS_MISMATCH',
          `Input ${i + 1} of the model is the ${spec.kind} feature "${spec.name}"; the data has ` +
            `${feature ? `the ${feature.kind} feature "${feature.name}"` : 'nothing'} there.`,
          spec.name,
        );
      }
    });
  }

  /** A batch of these row indices (at most `size`; fewer are padded). Dispose it after use. */
  build(rows: ArrayLike<number>): BatchTensors {
    const size = this.size;
    const inputs: InputTensor[] = this.data.features.map((feature, i) => {
      switch (feature.kind) {
        case 'id':
          return {
            kind: 'id',
            ids: tf.tensor1d(gather(feature.ids, rows, size, 1, ints), 'int32'),
          };
        case 'tag': {
          const width = this.tagWidths[i] as number;
          const ids = gather(feature.ids, rows, size, feature.maxItems, ints);
          const mask = gather(feature.mask, rows, size, feature.maxItems, floats);
          return {
            kind: 'tag',
            ids: tf.tensor1d(fitWidth(ids, feature.maxItems, width, ints), 'int32'),
            mask: tf.tensor2d(fitWidth(mask, feature.maxItems, width, floats), [size, width]),
          };
        }
        case 'dense':
          return {
            kind: 'dense',
            values: tf.tensor2d(gather(feature.values, rows, size, 1, floats), [size, 1]),
          };
      }
    });
    const labels: Record<string, tf.Tensor1D> = {};
    const weights: Record<string, tf.Tensor1D> = {};
    for (const task of this.tasks) {
      const column = this.data.labels[task.labelName] as Float32Array;
      labels[task.name] = tf.tensor1d(gather(column, rows, size, 1, floats));
      const w = new Float32Array(size);
      fillTaskWeights(task, this.data, rows, w);
      weights[task.name] = tf.tensor1d(w);
    }
    return { size, inputs, labels, weights };
  }
}
