/**
 * The project model: the one source of truth that the canvas, the panels, the trainer and
 * the EasyRec exporter read. Names are the app's own (camelCase); the EasyRec wire format
 * with its snake_case names lives in `core/easyrec` and is converted at one boundary.
 */

/**
 * Version of the saved project JSON. Bump it when the shape changes and teach `restore`. A
 * new field that restore fills with a default when absent needs no bump (`data.derivedLabels`):
 * older files open with the default, and an older app still opens newer files, listing the
 * field as ignored, where a bump would make it refuse them.
 */
export const PROJECT_FORMAT_VERSION = 1;

/** Activations EasyRec's DNN resolves. `linear` is deliberately absent: EasyRec fails on it. */
export const ACTIVATIONS = [
  'tf.nn.relu',
  'relu',
  'gelu',
  'leaky_relu',
  'prelu',
  'dice',
  'elu',
  'selu',
  'tanh',
  'swish',
  'sigmoid',
] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** An MLP as EasyRec's DNN builds it: dense → batch norm → activation → dropout, per layer. */
export interface Mlp {
  hiddenUnits: number[];
  /** One entry per layer, or empty for no dropout. */
  dropoutRatio: number[];
  activation: Activation;
  /** EasyRec's default is true. */
  useBn: boolean;
}

export const LOSS_TYPES = [
  'CLASSIFICATION',
  'L2_LOSS',
  'SIGMOID_L2_LOSS',
  'BINARY_CROSS_ENTROPY_LOSS',
] as const;
export type LossType = (typeof LOSS_TYPES)[number];

export const GAUC_REDUCTIONS = ['mean', 'mean_by_sample_num', 'mean_by_positive_num'] as const;
export type GaucReduction = (typeof GAUC_REDUCTIONS)[number];

/** One entry of a tower's `metrics_set`. */
export type Metric =
  | { kind: 'auc'; numThresholds: number }
  | { kind: 'gauc'; uidField: string; reduction: GaucReduction }
  | { kind: 'mean_squared_error' }
  | { kind: 'mean_absolute_error' }
  | { kind: 'root_mean_squared_error' }
  | { kind: 'accuracy' }
  | { kind: 'max_f1' };
export type MetricKind = Metric['kind'];

/** A target: one BayesTaskTower of the DBMTL config. */
export interface Task {
  /** Stable identity for the canvas and undo; never exported. */
  id: string;
  /** `tower_name`: unique, an identifier. */
  name: string;
  /** `label_name`: the label column. */
  labelName: string;
  lossType: LossType;
  /** 1 for binary classification and regression; > 1 for multi-class. */
  numClass: number;
  metrics: Metric[];
  /** The task tower MLP; null is the identity. */
  dnn: Mlp | null;
  /** Parents, by task name, in the order their relation vectors are concatenated. */
  relationTowerNames: string[];
  /** The relation MLP; null is the identity (parents are still concatenated). */
  relationDnn: Mlp | null;
  weight: number;
  /** Label column whose positive rows are "in task space"; empty for none. */
  taskSpaceIndicatorLabel: string;
  inTaskSpaceWeight: number;
  outTaskSpaceWeight: number;
  useSampleWeight: boolean;
  /** Canvas position; layout only. */
  position: { x: number; y: number };
}

export const LOSS_WEIGHT_STRATEGIES = ['Fixed', 'Uncertainty', 'Random'] as const;
export type LossWeightStrategy = (typeof LOSS_WEIGHT_STRATEGIES)[number];

/** Model-wide settings of `model_config` and `model_config.dbmtl`. */
export interface ModelSettings {
  bottomDnn: Mlp | null;
  /** MMoE experts; null for none. */
  expertDnn: Mlp | null;
  numExpert: number;
  l2Regularization: number;
  embeddingRegularization: number;
  lossWeightStrategy: LossWeightStrategy;
}

/** `input_fields[].input_type`. */
export const FIELD_TYPES = ['INT32', 'INT64', 'STRING', 'FLOAT', 'DOUBLE', 'BOOL'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** One column of the input files. */
export interface InputField {
  name: string;
  type: FieldType;
  /** Used for empty cells; empty string for none. */
  defaultVal: string;
}

export const FEATURE_TYPES = ['IdFeature', 'RawFeature', 'TagFeature'] as const;
export type FeatureType = (typeof FEATURE_TYPES)[number];

export const COMBINERS = ['sum', 'mean'] as const;
export type Combiner = (typeof COMBINERS)[number];

/** A model input built from one column. Only features with `inGroup` feed the `all` group. */
export interface Feature {
  /** `feature_name`; defaults to the input name. */
  name: string;
  /** The column it reads (`input_names[0]`). */
  inputName: string;
  type: FeatureType;
  /** Shared table name; empty for a table of its own. */
  embeddingName: string;
  /** 0 for a RawFeature used as a dense value. */
  embeddingDim: number;
  /** Hash ids into this many buckets; 0 when unused. */
  hashBucketSize: number;
  /** Integer ids below this; 0 when unused. */
  numBuckets: number;
  /** Ids by vocabulary; empty when unused. */
  vocabList: string[];
  /** RawFeature bucket boundaries; empty for a dense value. */
  boundaries: number[];
  /** TagFeature item separator. */
  separator: string;
  combiner: Combiner;
  /** RawFeature normalisation range (min_val/max_val); both 0 for none. */
  minVal: number;
  maxVal: number;
  /** Whether the feature is listed in the `all` feature group. */
  inGroup: boolean;
}

/**
 * A column the app computes from a file column: today a 0/1 label "source equals value"
 * (UCI Adult's `never_married` = `marital-status == Never-married`). EasyRec has no such
 * thing: an exported config reads the column from the samples file the Data tab writes.
 */
export interface DerivedRule {
  kind: 'equals';
  /** The new column's name. */
  name: string;
  /** The file column it is computed from. */
  source: string;
  value: string;
}

/** `data_config` and the input paths. */
export interface DataSettings {
  trainInputPath: string;
  evalInputPath: string;
  /** Every column of the files, in file order. */
  inputFields: InputField[];
  separator: string;
  withHeader: boolean;
  batchSize: number;
  evalBatchSize: number;
  shuffle: boolean;
  /** 0 means forever (until `numSteps`). */
  numEpochs: number;
  /** Name of a sample-weight column; empty for none. */
  sampleWeight: string;
  /**
   * How the project's derived columns are made (the app's own; not exported to EasyRec): a
   * train file loaded later gets them again, so the tasks on them keep their labels.
   */
  derivedLabels: DerivedRule[];
}

export type LearningRate =
  | { kind: 'constant'; learningRate: number }
  | {
      kind: 'exponential';
      initialLearningRate: number;
      decaySteps: number;
      decayFactor: number;
      staircase: boolean;
      minLearningRate: number;
    };

/** `train_config`, `eval_config`, `export_config` and the browser trainer's own knobs. */
export interface TrainSettings {
  modelDir: string;
  learningRate: LearningRate;
  beta1: number;
  beta2: number;
  /** 0 means until `numEpochs` ends. */
  numSteps: number;
  /** 0 for none. */
  gradientClippingByNorm: number;
  saveCheckpointsSteps: number;
  logStepCountSteps: number;
  /** Browser only: seeds initialisation, shuffling and the split. */
  seed: number;
}

export interface Project {
  version: number;
  name: string;
  tasks: Task[];
  model: ModelSettings;
  features: Feature[];
  data: DataSettings;
  train: TrainSettings;
}
