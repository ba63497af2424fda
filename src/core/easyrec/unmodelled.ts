/**
 * Lists every field of a decoded config that the app does not model, with its position, so
 * an import drops nothing silently. The table below is the app's side of the boundary: a
 * field named here is converted by import.ts and written again by export.ts.
 */
import { metaOf } from './decode';
import type { ReportEntry } from './report';

export const MODELLED: Record<string, readonly string[]> = {
  EasyRecConfig: [
    'train_input_path',
    'eval_input_path',
    'model_dir',
    'train_config',
    'eval_config',
    'data_config',
    'feature_configs',
    'feature_config',
    'model_config',
    'export_config',
  ],
  TrainConfig: [
    'optimizer_config',
    'gradient_clipping_by_norm',
    'num_steps',
    'save_checkpoints_steps',
    'log_step_count_steps',
  ],
  Optimizer: ['adam_optimizer'],
  AdamOptimizer: ['learning_rate', 'beta1', 'beta2'],
  LearningRate: ['constant_learning_rate', 'exponential_decay_learning_rate'],
  ConstantLearningRate: ['learning_rate'],
  ExponentialDecayLearningRate: [
    'initial_learning_rate',
    'decay_steps',
    'decay_factor',
    'staircase',
    'min_learning_rate',
  ],
  EvalConfig: ['metrics_set'],
  EvalMetrics: [
    'auc',
    'gauc',
    'mean_squared_error',
    'mean_absolute_error',
    'root_mean_squared_error',
    'accuracy',
    'max_f1',
  ],
  AUC: ['num_thresholds'],
  GAUC: ['uid_field', 'reduction'],
  DatasetConfig: [
    'batch_size',
    'label_fields',
    'input_type',
    'separator',
    'with_header',
    'shuffle',
    'num_epochs',
    'sample_weight',
    'eval_batch_size',
    'input_fields',
  ],
  Field: ['input_name', 'input_type', 'default_val'],
  FeatureConfigV2: ['features'],
  FeatureConfig: [
    'feature_name',
    'input_names',
    'feature_type',
    'separator',
    'combiner',
    'boundaries',
    'embedding_name',
    'embedding_dim',
    'hash_bucket_size',
    'num_buckets',
    'vocab_list',
    'min_val',
    'max_val',
  ],
  FeatureGroupConfig: ['group_name', 'feature_names', 'wide_deep'],
  EasyRecModel: [
    'model_class',
    'feature_groups',
    'dbmtl',
    'embedding_regularization',
    'loss_weight_strategy',
  ],
  DBMTL: ['bottom_dnn', 'expert_dnn', 'num_expert', 'task_towers', 'l2_regularization'],
  DNN: ['hidden_units', 'dropout_ratio', 'activation', 'use_bn'],
  BayesTaskTower: [
    'tower_name',
    'label_name',
    'loss_type',
    'num_class',
    'metrics_set',
    'dnn',
    'relation_tower_names',
    'relation_dnn',
    'weight',
    'task_space_indicator_label',
    'in_task_space_weight',
    'out_task_space_weight',
    'use_sample_weight',
  ],
  ExportConfig: ['exporter_type'],
};

/** What a user should know about fields people often write. */
const HINTS: Record<string, string> = {
  losses:
    'several losses per tower (a `losses` block) are not modelled; the tower keeps its single loss_type',
  variational_dropout: 'variational dropout (feature selection) is not modelled',
  seq_att_groups: 'sequence attention groups are not modelled',
  sequence_features: 'sequence features in a feature group are not modelled',
  model_params: 'backbone models (model_params) are not modelled; the app designs DBMTL',
  backbone: 'backbone blocks are not modelled; the app designs DBMTL',
  mmoe: 'MMoE is another model; the app designs DBMTL (which has optional experts of its own)',
  esmm: 'ESMM is another model; the app designs DBMTL (a cvr tower depending on ctr is the DBMTL way)',
  ple: 'PLE is another model; the app designs DBMTL',
  kd: 'knowledge distillation is not modelled',
  bottom_cmbf: 'a CMBF bottom is not modelled; the app uses a DNN bottom',
  bottom_uniter: 'a UNITER bottom is not modelled; the app uses a DNN bottom',
  sequence_combiner: 'sequence combiners belong to sequence features, which are not modelled',
};

/** Report entries for every present field that MODELLED does not list, recursively. */
export function reportUnmodelled(message: object, report: ReportEntry[]): void {
  const meta = metaOf(message);
  if (!meta) return;
  const modelled = MODELLED[meta.type] ?? [];
  const record = message as Record<string, unknown>;
  for (const [name, { spec, at }] of meta.fields) {
    if (!modelled.includes(name)) {
      const hint = HINTS[name] ?? genericHint(meta.type, name);
      for (const occurrence of at) {
        report.push({
          severity: 'warning',
          code: 'NOT_MODELLED',
          line: occurrence.line,
          column: occurrence.column,
          path: occurrence.path,
          message: `${hint}; a re-export leaves it out.`,
        });
      }
      continue;
    }
    if (spec.kind !== 'message') continue;
    const value = record[name];
    for (const child of Array.isArray(value) ? value : [value]) {
      if (typeof child === 'object' && child !== null) reportUnmodelled(child, report);
    }
  }
}

function genericHint(type: string, name: string): string {
  if (name.endsWith('_optimizer')) return `the ${name} is not modelled; the app trains with Adam`;
  if (name.endsWith('_learning_rate') && type === 'LearningRate') {
    return `the ${name} schedule is not modelled; the app has constant and exponential decay`;
  }
  if (type === 'EvalMetrics') return `the metric ${name} is not modelled`;
  return `${type}.${name} is not modelled by the app`;
}
