/**
 * The contract between the feature pipeline (`core/data`) and the model (`core/model`):
 * columns encoded into typed arrays, one row per sample, ready to be sliced into batches.
 * Plain data only (typed arrays and numbers), so it crosses the worker boundary by transfer.
 */

/** One model input, encoded. */
export type EncodedFeature =
  | {
      kind: 'id';
      /** Feature name (the `feature_name` of the config). */
      name: string;
      /** Embedding table this feature looks up; features sharing `embedding_name` share it. */
      table: string;
      /** Rows of the table (hash buckets, vocabulary + out-of-vocabulary, or num_buckets). */
      vocabSize: number;
      embeddingDim: number;
      /** One id per row, each in [0, vocabSize). */
      ids: Int32Array;
    }
  | {
      kind: 'tag';
      name: string;
      table: string;
      vocabSize: number;
      embeddingDim: number;
      combiner: 'sum' | 'mean';
      /** Items per row after truncation; rows are padded to this width. */
      maxItems: number;
      /** `numRows * maxItems` ids in [0, vocabSize). Padding slots hold 0 and weight 0. */
      ids: Int32Array;
      /** `numRows * maxItems`: 1 for a real item, 0 for padding. */
      mask: Float32Array;
    }
  | {
      kind: 'dense';
      name: string;
      /** One value per row, already normalised as configured. */
      values: Float32Array;
    };

export interface EncodedDataset {
  numRows: number;
  /** In the order of the `all` feature group: the input layer concatenates them so. */
  features: EncodedFeature[];
  /**
   * Label and indicator columns by column name: 0/1 for binary labels, class ids for
   * multi-class, raw values for regression.
   */
  labels: Record<string, Float32Array>;
  /** Per-row sample weight when the project names a sample-weight column. */
  sampleWeight?: Float32Array;
  /** Per-row values of a chosen id column for gAUC, as integer codes. */
  groups?: Record<string, Int32Array>;
}
