/**
 * The part of EasyRec's proto schema (package `protos`, proto2) that the app reads and
 * writes: field names, numbers, types, labels, oneofs and defaults, in our own table form.
 * Checked against EasyRec's `easy_rec/python/protos/*.proto` (commit bd230cb1, see
 * schema.test.ts). Messages we read are listed with ALL their fields, so a name missing here
 * is unknown to EasyRec too; message types the app does not model are `opaque`: known, kept
 * as a raw tree, and reported on import.
 *
 * Field order here is the order the writer emits, chosen to read like EasyRec's samples
 * (the golden example of EASYREC-CONFIG.md), not field-number order.
 */

export type ScalarKind =
  'string' | 'bool' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'float' | 'double';

export interface FieldSpec {
  name: string;
  number: number;
  kind: ScalarKind | 'enum' | 'message' | 'opaque';
  /** Enum or message type name for `enum`, `message` and `opaque` fields. */
  type?: string;
  label: 'optional' | 'repeated' | 'required';
  oneof?: string;
  /** The proto default, for optional and required scalars that declare one. */
  default?: string | number | boolean;
}

export interface MessageSpec {
  name: string;
  fields: readonly FieldSpec[];
}

type Type = ScalarKind | `enum:${string}` | `msg:${string}` | `opaque:${string}`;

function field(
  label: FieldSpec['label'],
  name: string,
  number: number,
  type: Type,
  extra: Partial<FieldSpec> = {},
): FieldSpec {
  const [kind, ref] = type.split(':') as [string, string | undefined];
  const mapped = kind === 'msg' ? 'message' : (kind as FieldSpec['kind']);
  return { name, number, kind: mapped, label, ...(ref ? { type: ref } : {}), ...extra };
}
const opt = (name: string, n: number, type: Type, def?: FieldSpec['default']) =>
  field('optional', name, n, type, def === undefined ? {} : { default: def });
const req = (name: string, n: number, type: Type, def?: FieldSpec['default']) =>
  field('required', name, n, type, def === undefined ? {} : { default: def });
const rep = (name: string, n: number, type: Type) => field('repeated', name, n, type);
const one = (group: string, name: string, n: number, type: Type) =>
  field('optional', name, n, type, { oneof: group });

export const ENUMS: Record<string, Record<string, number>> = {
  FieldType: { INT32: 0, INT64: 1, STRING: 2, FLOAT: 4, DOUBLE: 5, BOOL: 6 },
  InputType: {
    CSVInput: 10,
    CSVInputV2: 11,
    CSVInputEx: 12,
    OdpsInput: 2,
    OdpsInputV2: 3,
    DataHubInput: 15,
    OdpsInputV3: 9,
    RTPInput: 4,
    RTPInputV2: 5,
    OdpsRTPInput: 601,
    OdpsRTPInputV2: 602,
    TFRecordInput: 7,
    BatchTFRecordInput: 14,
    DummyInput: 8,
    KafkaInput: 13,
    HiveInput: 16,
    HiveRTPInput: 17,
    HiveParquetInput: 18,
    ParquetInput: 19,
    ParquetInputV2: 20,
    ParquetInputV3: 21,
    CriteoInput: 1001,
  },
  FeatureType: {
    IdFeature: 0,
    RawFeature: 1,
    TagFeature: 2,
    ComboFeature: 3,
    LookupFeature: 4,
    SequenceFeature: 5,
    ExprFeature: 6,
    PassThroughFeature: 7,
  },
  WideOrDeep: { DEEP: 0, WIDE: 1, WIDE_AND_DEEP: 2 },
  LossWeightStrategy: { Fixed: 0, Uncertainty: 1, Random: 2 },
  LossType: {
    CLASSIFICATION: 0,
    L2_LOSS: 1,
    SIGMOID_L2_LOSS: 2,
    CROSS_ENTROPY_LOSS: 3,
    SOFTMAX_CROSS_ENTROPY: 4,
    CIRCLE_LOSS: 5,
    MULTI_SIMILARITY_LOSS: 6,
    SOFTMAX_CROSS_ENTROPY_WITH_NEGATIVE_MINING: 7,
    PAIR_WISE_LOSS: 8,
    F1_REWEIGHTED_LOSS: 9,
    BINARY_FOCAL_LOSS: 10,
    PAIRWISE_FOCAL_LOSS: 11,
    PAIRWISE_LOGISTIC_LOSS: 12,
    PAIRWISE_HINGE_LOSS: 17,
    JRC_LOSS: 13,
    ORDER_CALIBRATE_LOSS: 14,
    BINARY_CROSS_ENTROPY_LOSS: 15,
    KL_DIVERGENCE_LOSS: 16,
    LISTWISE_RANK_LOSS: 18,
    LISTWISE_DISTILL_LOSS: 19,
    ZILN_LOSS: 20,
  },
  DistributionStrategy: {
    NoStrategy: 0,
    PSStrategy: 1,
    MirroredStrategy: 2,
    CollectiveAllReduceStrategy: 3,
    ExascaleStrategy: 4,
    MultiWorkerMirroredStrategy: 5,
    HorovodStrategy: 6,
    SokStrategy: 7,
    EmbeddingParallelStrategy: 8,
  },
};

const messages: MessageSpec[] = [
  {
    name: 'EasyRecConfig',
    fields: [
      one('train_path', 'train_input_path', 1, 'string'),
      one('train_path', 'kafka_train_input', 2, 'opaque:KafkaServer'),
      one('train_path', 'datahub_train_input', 12, 'opaque:DatahubServer'),
      one('train_path', 'hive_train_input', 101, 'opaque:HiveConfig'),
      one('train_path', 'binary_train_input', 102, 'opaque:BinaryDataInput'),
      one('train_path', 'parquet_train_input', 103, 'string'),
      one('eval_path', 'eval_input_path', 3, 'string'),
      one('eval_path', 'kafka_eval_input', 4, 'opaque:KafkaServer'),
      one('eval_path', 'datahub_eval_input', 13, 'opaque:DatahubServer'),
      one('eval_path', 'hive_eval_input', 201, 'opaque:HiveConfig'),
      one('eval_path', 'binary_eval_input', 202, 'opaque:BinaryDataInput'),
      one('eval_path', 'parquet_eval_input', 203, 'string'),
      req('model_dir', 5, 'string'),
      opt('train_config', 6, 'msg:TrainConfig'),
      opt('eval_config', 7, 'msg:EvalConfig'),
      opt('data_config', 8, 'msg:DatasetConfig'),
      rep('feature_configs', 9, 'msg:FeatureConfig'),
      opt('feature_config', 10, 'msg:FeatureConfigV2'),
      req('model_config', 14, 'msg:EasyRecModel'),
      opt('export_config', 15, 'msg:ExportConfig'),
      opt('fg_json_path', 16, 'string'),
    ],
  },
  {
    name: 'TrainConfig',
    fields: [
      rep('optimizer_config', 1, 'msg:Optimizer'),
      opt('gradient_clipping_by_norm', 2, 'float', 0),
      opt('num_steps', 5, 'uint32', 0),
      opt('save_checkpoints_steps', 141, 'uint32', 1000),
      opt('log_step_count_steps', 17, 'uint32', 10),
      opt('fine_tune_checkpoint', 6, 'string', ''),
      opt('fine_tune_ckpt_var_map', 8, 'string', ''),
      opt('sync_replicas', 9, 'bool', true),
      opt('sparse_accumulator_type', 901, 'string', 'multi_map'),
      opt('startup_delay_steps', 10, 'float', 15),
      opt('save_checkpoints_secs', 142, 'uint32'),
      opt('keep_checkpoint_max', 143, 'uint32', 10),
      opt('save_summary_steps', 16, 'uint32', 1000),
      opt('is_profiling', 18, 'bool', false),
      opt('force_restore_shape_compatible', 19, 'bool', false),
      opt('train_distribute', 20, 'enum:DistributionStrategy', 'NoStrategy'),
      opt('num_gpus_per_worker', 21, 'int32', 1),
      opt('summary_model_vars', 23, 'bool', false),
      opt('protocol', 25, 'string'),
      opt('inter_op_parallelism_threads', 26, 'int32', 0),
      opt('intra_op_parallelism_threads', 27, 'int32', 0),
      opt('tensor_fuse', 28, 'bool', false),
      opt('write_graph', 29, 'bool', true),
      rep('freeze_gradient', 30, 'string'),
      opt('incr_save_config', 31, 'opaque:IncrementSaveConfig'),
      opt('enable_oss_stop_signal', 32, 'bool', false),
      opt('dead_line', 33, 'string'),
    ],
  },
  {
    name: 'Optimizer',
    fields: [
      one('optimizer', 'adam_optimizer', 103, 'msg:AdamOptimizer'),
      one('optimizer', 'rms_prop_optimizer', 101, 'opaque:RMSPropOptimizer'),
      one('optimizer', 'momentum_optimizer', 102, 'opaque:MomentumOptimizer'),
      one('optimizer', 'momentumw_optimizer', 104, 'opaque:MomentumWOptimizer'),
      one('optimizer', 'adamw_optimizer', 105, 'opaque:AdamWOptimizer'),
      one('optimizer', 'adam_async_optimizer', 106, 'opaque:AdamAsyncOptimizer'),
      one('optimizer', 'adagrad_optimizer', 107, 'opaque:AdagradOptimizer'),
      one('optimizer', 'ftrl_optimizer', 108, 'opaque:FtrlOptimizer'),
      one('optimizer', 'adam_asyncw_optimizer', 109, 'opaque:AdamAsyncWOptimizer'),
      one('optimizer', 'lazy_adam_optimizer', 110, 'opaque:LazyAdamOptimizer'),
      opt('use_moving_average', 5, 'bool', false),
      opt('moving_average_decay', 6, 'float', 0.9999),
      opt('embedding_learning_rate_multiplier', 7, 'float'),
    ],
  },
  {
    name: 'AdamOptimizer',
    fields: [
      opt('learning_rate', 1, 'msg:LearningRate'),
      opt('beta1', 3, 'float', 0.9),
      opt('beta2', 4, 'float', 0.999),
    ],
  },
  {
    name: 'LearningRate',
    fields: [
      one('learning_rate', 'constant_learning_rate', 1, 'msg:ConstantLearningRate'),
      one(
        'learning_rate',
        'exponential_decay_learning_rate',
        2,
        'msg:ExponentialDecayLearningRate',
      ),
      one('learning_rate', 'manual_step_learning_rate', 3, 'opaque:ManualStepLearningRate'),
      one('learning_rate', 'cosine_decay_learning_rate', 4, 'opaque:CosineDecayLearningRate'),
      one('learning_rate', 'poly_decay_learning_rate', 5, 'opaque:PolyDecayLearningRate'),
      one('learning_rate', 'transformer_learning_rate', 6, 'opaque:TransformerLearningRate'),
    ],
  },
  { name: 'ConstantLearningRate', fields: [opt('learning_rate', 1, 'float', 0.002)] },
  {
    name: 'ExponentialDecayLearningRate',
    fields: [
      opt('initial_learning_rate', 1, 'float', 0.002),
      // EasyRec's default is 4,000,000 steps, so the exporter always writes it.
      opt('decay_steps', 2, 'uint32', 4_000_000),
      opt('decay_factor', 3, 'float', 0.95),
      opt('staircase', 4, 'bool', true),
      opt('burnin_learning_rate', 5, 'float', 0),
      opt('burnin_steps', 6, 'uint32', 0),
      opt('min_learning_rate', 7, 'float', 0),
    ],
  },
  {
    name: 'EvalConfig',
    fields: [
      opt('num_examples', 1, 'uint32', 0),
      opt('eval_interval_secs', 2, 'uint32', 300),
      opt('max_evals', 3, 'uint32', 0),
      opt('save_graph', 4, 'bool', false),
      rep('metrics_set', 5, 'msg:EvalMetrics'),
      opt('eval_online', 6, 'bool', false),
    ],
  },
  {
    name: 'EvalMetrics',
    fields: [
      one('metric', 'auc', 1, 'msg:AUC'),
      one('metric', 'recall_at_topk', 2, 'opaque:RecallAtTopK'),
      one('metric', 'mean_absolute_error', 3, 'msg:MeanAbsoluteError'),
      one('metric', 'mean_squared_error', 4, 'msg:MeanSquaredError'),
      one('metric', 'accuracy', 5, 'msg:Accuracy'),
      one('metric', 'max_f1', 6, 'msg:Max_F1'),
      one('metric', 'root_mean_squared_error', 7, 'msg:RootMeanSquaredError'),
      one('metric', 'gauc', 8, 'msg:GAUC'),
      one('metric', 'session_auc', 9, 'opaque:SessionAUC'),
      one('metric', 'recall', 10, 'opaque:Recall'),
      one('metric', 'precision', 11, 'opaque:Precision'),
      one('metric', 'precision_at_topk', 12, 'opaque:AvgPrecisionAtTopK'),
    ],
  },
  ...['MeanAbsoluteError', 'MeanSquaredError', 'Accuracy', 'Max_F1', 'RootMeanSquaredError'].map(
    (name) => ({ name, fields: [] }),
  ),
  { name: 'AUC', fields: [opt('num_thresholds', 1, 'uint32', 200)] },
  {
    name: 'GAUC',
    fields: [req('uid_field', 1, 'string'), opt('reduction', 2, 'string', 'mean')],
  },
  {
    name: 'DatasetConfig',
    fields: [
      opt('batch_size', 1, 'uint32', 32),
      rep('label_fields', 4, 'string'),
      req('input_type', 10, 'enum:InputType'),
      opt('separator', 12, 'string', ','),
      opt('with_header', 25, 'bool', false),
      opt('shuffle', 5, 'bool', true),
      opt('num_epochs', 6, 'uint32', 0),
      opt('sample_weight', 22, 'string'),
      opt('eval_batch_size', 1001, 'uint32', 4096),
      rep('input_fields', 16, 'msg:Field'),
      opt('auto_expand_input_fields', 3, 'bool', false),
      rep('label_sep', 41, 'string'),
      rep('label_dim', 42, 'uint32'),
      rep('extra_label_func', 43, 'opaque:LabelFunction'),
      opt('shuffle_buffer_size', 11, 'int32', 32),
      opt('prefetch_size', 7, 'uint32', 32),
      opt('shard', 801, 'bool', false),
      opt('file_shard', 802, 'bool', false),
      opt('num_parallel_calls', 13, 'uint32', 8),
      opt('selected_cols', 14, 'string', ''),
      opt('selected_col_types', 15, 'string', ''),
      opt('rtp_separator', 17, 'string', ';'),
      opt('ignore_error', 18, 'bool', false),
      opt('pai_worker_queue', 19, 'bool', false),
      opt('pai_worker_slice_num', 20, 'int32', 100),
      opt('chief_redundant', 21, 'bool', false),
      opt('data_compression_type', 23, 'string', ''),
      opt('n_data_batch_tfrecord', 24, 'uint32'),
      rep('feature_fields', 26, 'string'),
      one('sampler', 'negative_sampler', 101, 'opaque:NegativeSampler'),
      one('sampler', 'negative_sampler_v2', 102, 'opaque:NegativeSamplerV2'),
      one('sampler', 'hard_negative_sampler', 103, 'opaque:HardNegativeSampler'),
      one('sampler', 'hard_negative_sampler_v2', 104, 'opaque:HardNegativeSamplerV2'),
      one('sampler', 'negative_sampler_in_memory', 105, 'opaque:NegativeSamplerInMemory'),
      opt('drop_remainder', 1002, 'bool', false),
    ],
  },
  {
    name: 'Field',
    fields: [
      req('input_name', 1, 'string'),
      req('input_type', 2, 'enum:FieldType', 'STRING'),
      opt('default_val', 3, 'string'),
      opt('input_dim', 4, 'uint32', 1),
      opt('input_shape', 5, 'uint32', 1),
      opt('user_define_fn', 6, 'string'),
      opt('user_define_fn_path', 7, 'string'),
      opt('user_define_fn_res_type', 8, 'enum:FieldType'),
      opt('ignore_val', 9, 'string'),
    ],
  },
  {
    name: 'FeatureConfigV2',
    fields: [rep('features', 1, 'msg:FeatureConfig'), opt('embedding_on_cpu', 2, 'bool', false)],
  },
  {
    name: 'FeatureConfig',
    fields: [
      opt('feature_name', 1, 'string'),
      rep('input_names', 2, 'string'),
      req('feature_type', 3, 'enum:FeatureType', 'IdFeature'),
      opt('separator', 9, 'string', '|'),
      opt('combiner', 19, 'string', 'sum'),
      rep('boundaries', 8, 'double'),
      opt('embedding_name', 4, 'string', ''),
      opt('embedding_dim', 5, 'uint32', 0),
      opt('hash_bucket_size', 6, 'uint64', 0),
      opt('num_buckets', 7, 'uint64', 0),
      rep('vocab_list', 12, 'string'),
      opt('min_val', 212, 'double', 0),
      opt('max_val', 213, 'double', 0),
      opt('kv_separator', 10, 'string'),
      opt('seq_multi_sep', 101, 'string'),
      opt('max_seq_len', 102, 'uint32'),
      opt('vocab_file', 11, 'string'),
      rep('shared_names', 16, 'string'),
      opt('lookup_max_sel_elem_num', 17, 'int32', 10),
      opt('max_partitions', 18, 'int32', 1),
      opt('initializer', 20, 'opaque:Initializer'),
      opt('precision', 21, 'int32', -1),
      opt('normalizer_fn', 214, 'string'),
      opt('raw_input_dim', 24, 'uint32', 1),
      opt('sequence_combiner', 25, 'opaque:SequenceCombiner'),
      opt('sub_feature_type', 26, 'enum:FeatureType', 'IdFeature'),
      opt('sequence_length', 27, 'uint32', 1),
      opt('expression', 30, 'string'),
      opt('ev_params', 31, 'opaque:EVParams'),
      opt('combo_join_sep', 401, 'string', ''),
      rep('combo_input_seps', 402, 'string'),
    ],
  },
  {
    name: 'FeatureGroupConfig',
    fields: [
      opt('group_name', 1, 'string'),
      rep('feature_names', 2, 'string'),
      opt('wide_deep', 3, 'enum:WideOrDeep', 'DEEP'),
      rep('sequence_features', 4, 'opaque:SeqAttGroupConfig'),
      opt('negative_sampler', 5, 'bool', false),
    ],
  },
  {
    name: 'EasyRecModel',
    fields: [
      req('model_class', 1, 'string'),
      opt('model_name', 99, 'string'),
      rep('feature_groups', 2, 'msg:FeatureGroupConfig'),
      one('model', 'dbmtl', 303, 'msg:DBMTL'),
      ...(
        [
          ['model_params', 100, 'ModelParams'],
          ['dummy', 101, 'DummyModel'],
          ['wide_and_deep', 102, 'WideAndDeep'],
          ['deepfm', 103, 'DeepFM'],
          ['multi_tower', 104, 'MultiTower'],
          ['fm', 105, 'FM'],
          ['dcn', 106, 'DCN'],
          ['autoint', 107, 'AutoInt'],
          ['dlrm', 108, 'DLRM'],
          ['cmbf', 109, 'CMBF'],
          ['uniter', 110, 'Uniter'],
          ['multi_tower_recall', 200, 'MultiTowerRecall'],
          ['dssm', 201, 'DSSM'],
          ['mind', 202, 'MIND'],
          ['dropoutnet', 203, 'DropoutNet'],
          ['metric_learning', 204, 'CoMetricLearningI2I'],
          ['pdn', 205, 'PDN'],
          ['dssm_senet', 206, 'DSSM_SENet'],
          ['dat', 207, 'DAT'],
          ['mmoe', 301, 'MMoE'],
          ['esmm', 302, 'ESMM'],
          ['simple_multi_task', 304, 'SimpleMultiTask'],
          ['ple', 305, 'PLE'],
          ['rocket_launching', 401, 'RocketLaunching'],
        ] as const
      ).map(([name, n, type]) => one('model', name, n, `opaque:${type}`)),
      opt('embedding_regularization', 8, 'float', 0),
      req('loss_weight_strategy', 16, 'enum:LossWeightStrategy', 'Fixed'),
      rep('seq_att_groups', 7, 'opaque:SeqAttGroupConfig'),
      opt('loss_type', 9, 'enum:LossType', 'CLASSIFICATION'),
      opt('num_class', 10, 'uint32', 1),
      opt('ev_params', 11, 'opaque:EVParams'),
      rep('kd', 12, 'opaque:KD'),
      rep('restore_filters', 13, 'string'),
      opt('variational_dropout', 14, 'opaque:VariationalDropoutLayer'),
      rep('losses', 15, 'opaque:Loss'),
      opt('backbone', 17, 'opaque:BackboneTower'),
      opt('label_name', 18, 'string'),
    ],
  },
  {
    name: 'DBMTL',
    fields: [
      opt('bottom_cmbf', 101, 'opaque:CMBFTower'),
      opt('bottom_uniter', 102, 'opaque:UniterTower'),
      opt('bottom_dnn', 1, 'msg:DNN'),
      opt('expert_dnn', 2, 'msg:DNN'),
      opt('num_expert', 3, 'uint32', 0),
      rep('task_towers', 4, 'msg:BayesTaskTower'),
      opt('l2_regularization', 5, 'float', 1e-4),
    ],
  },
  {
    name: 'DNN',
    fields: [
      rep('hidden_units', 1, 'uint32'),
      rep('dropout_ratio', 2, 'float'),
      opt('activation', 3, 'string', 'tf.nn.relu'),
      opt('use_bn', 4, 'bool', true),
    ],
  },
  {
    name: 'BayesTaskTower',
    fields: [
      req('tower_name', 1, 'string'),
      opt('label_name', 2, 'string'),
      opt('loss_type', 4, 'enum:LossType', 'CLASSIFICATION'),
      opt('num_class', 5, 'uint32', 1),
      rep('metrics_set', 3, 'msg:EvalMetrics'),
      opt('dnn', 6, 'msg:DNN'),
      rep('relation_tower_names', 7, 'string'),
      opt('relation_dnn', 8, 'msg:DNN'),
      opt('weight', 9, 'float', 1),
      opt('task_space_indicator_label', 10, 'string'),
      opt('in_task_space_weight', 11, 'float', 1),
      opt('out_task_space_weight', 12, 'float', 1),
      rep('losses', 15, 'opaque:Loss'),
      req('use_sample_weight', 16, 'bool', true),
      opt('task_space_indicator_name', 17, 'string'),
      opt('task_space_indicator_value', 18, 'string'),
    ],
  },
  {
    name: 'ExportConfig',
    fields: [
      opt('exporter_type', 2, 'string', 'final'),
      opt('batch_size', 1, 'int32', -1),
      opt('best_exporter_metric', 4, 'string', 'auc'),
      opt('metric_bigger', 5, 'bool', true),
      opt('enable_early_stop', 6, 'bool', false),
      opt('early_stop_func', 601, 'string'),
      opt('early_stop_params', 602, 'string'),
      opt('max_check_steps', 7, 'int32', 10000),
      opt('multi_placeholder', 8, 'bool', true),
      opt('exports_to_keep', 9, 'int32', 1),
      opt('multi_value_fields', 10, 'opaque:MultiValueFields'),
      opt('auto_multi_value', 16, 'bool', false),
      opt('placeholder_named_by_input', 11, 'bool', false),
      opt('filter_inputs', 12, 'bool', true),
      opt('export_features', 13, 'bool', false),
      opt('export_rtp_outputs', 14, 'bool', false),
      rep('asset_files', 15, 'string'),
    ],
  },
];

export const SCHEMA: Record<string, MessageSpec> = Object.fromEntries(
  messages.map((m) => [m.name, m]),
);

export function messageSpec(name: string): MessageSpec {
  const spec = SCHEMA[name];
  if (!spec) throw new Error(`No schema for message ${name}`);
  return spec;
}

export function fieldSpec(message: string, name: string): FieldSpec | undefined {
  return SCHEMA[message]?.fields.find((f) => f.name === name);
}
