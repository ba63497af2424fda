/**
 * EasyRec's config messages as plain objects with the proto's snake_case field names: the
 * wire model. Only fields the app converts are typed here; the decoder keeps every other
 * field it meets (see decode.ts), and the importer reports them. Repeated fields are
 * arrays, enums their value names, 64-bit integers numbers (ids above 2^53 do not occur in
 * these fields), and message types the app does not model stay raw text-format trees.
 */
import type { TextMessage } from '../textproto';

export type Opaque = TextMessage;
export type Empty = Record<string, never>;

export interface DNN {
  hidden_units?: number[];
  dropout_ratio?: number[];
  activation?: string;
  use_bn?: boolean;
}

export interface EvalMetrics {
  auc?: { num_thresholds?: number };
  gauc?: { uid_field?: string; reduction?: string };
  mean_squared_error?: Empty;
  mean_absolute_error?: Empty;
  root_mean_squared_error?: Empty;
  accuracy?: Empty;
  max_f1?: Empty;
  recall_at_topk?: Opaque;
  session_auc?: Opaque;
  recall?: Opaque;
  precision?: Opaque;
  precision_at_topk?: Opaque;
}

export interface BayesTaskTower {
  tower_name?: string;
  label_name?: string;
  loss_type?: string;
  num_class?: number;
  metrics_set?: EvalMetrics[];
  dnn?: DNN;
  relation_tower_names?: string[];
  relation_dnn?: DNN;
  weight?: number;
  task_space_indicator_label?: string;
  in_task_space_weight?: number;
  out_task_space_weight?: number;
  use_sample_weight?: boolean;
  losses?: Opaque[];
}

export interface DBMTL {
  bottom_dnn?: DNN;
  expert_dnn?: DNN;
  num_expert?: number;
  task_towers?: BayesTaskTower[];
  l2_regularization?: number;
}

export interface FeatureGroupConfig {
  group_name?: string;
  feature_names?: string[];
  wide_deep?: string;
  sequence_features?: Opaque[];
}

export interface EasyRecModel {
  model_class?: string;
  feature_groups?: FeatureGroupConfig[];
  dbmtl?: DBMTL;
  embedding_regularization?: number;
  loss_weight_strategy?: string;
}

export interface FeatureConfig {
  feature_name?: string;
  input_names?: string[];
  feature_type?: string;
  separator?: string;
  combiner?: string;
  boundaries?: number[];
  embedding_name?: string;
  embedding_dim?: number;
  hash_bucket_size?: number;
  num_buckets?: number;
  vocab_list?: string[];
  min_val?: number;
  max_val?: number;
}

export interface Field {
  input_name?: string;
  input_type?: string;
  default_val?: string;
}

export interface DatasetConfig {
  batch_size?: number;
  label_fields?: string[];
  input_type?: string;
  separator?: string;
  with_header?: boolean;
  shuffle?: boolean;
  num_epochs?: number;
  sample_weight?: string;
  eval_batch_size?: number;
  input_fields?: Field[];
}

export interface LearningRate {
  constant_learning_rate?: { learning_rate?: number };
  exponential_decay_learning_rate?: {
    initial_learning_rate?: number;
    decay_steps?: number;
    decay_factor?: number;
    staircase?: boolean;
    min_learning_rate?: number;
  };
}

export interface Optimizer {
  adam_optimizer?: { learning_rate?: LearningRate; beta1?: number; beta2?: number };
}

export interface TrainConfig {
  optimizer_config?: Optimizer[];
  gradient_clipping_by_norm?: number;
  num_steps?: number;
  save_checkpoints_steps?: number;
  log_step_count_steps?: number;
}

export interface EvalConfig {
  metrics_set?: EvalMetrics[];
}

export interface ExportConfig {
  exporter_type?: string;
}

export interface EasyRecConfig {
  train_input_path?: string;
  eval_input_path?: string;
  model_dir?: string;
  train_config?: TrainConfig;
  eval_config?: EvalConfig;
  data_config?: DatasetConfig;
  feature_configs?: FeatureConfig[];
  feature_config?: { features?: FeatureConfig[] };
  model_config?: EasyRecModel;
  export_config?: ExportConfig;
}
