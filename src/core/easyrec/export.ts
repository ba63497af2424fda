/**
 * Project → EasyRec wire model: one half of the conversion boundary (import.ts is the
 * other). Writes what EasyRec needs to train the same model, explicitly where EasyRec's
 * default would surprise (required fields, `separator`, `with_header`, `decay_steps`), and
 * leaves out DNN and feature fields that sit at EasyRec's defaults, as its samples do.
 */
import { topologicalOrder } from '../project/graph';
import type { Problem } from '../project/validate';
import { hasErrors, validateProject } from '../project/validate';
import type { Feature, LearningRate, Metric, Mlp, Project, Task } from '../project/types';
import { writeConfig } from './encode';
import type * as W from './wire';

export type ExportResult =
  { ok: true; text: string; config: W.EasyRecConfig } | { ok: false; problems: Problem[] };

/** The pipeline.config text of a project, or the validation errors that prevent it. */
export function exportConfig(project: Project): ExportResult {
  const problems = validateProject(project);
  if (hasErrors(problems)) {
    return { ok: false, problems: problems.filter((p) => p.severity === 'error') };
  }
  const config = projectToConfig(project);
  return { ok: true, text: writeConfig(config), config };
}

/** Towers in a topological order: EasyRec looks parents up while it walks the list. */
export function towersInOrder(tasks: readonly Task[]): Task[] {
  const order = topologicalOrder(tasks);
  return order.ok ? order.order : [...tasks];
}

export function projectToConfig(project: Project): W.EasyRecConfig {
  const towers = towersInOrder(project.tasks);
  const { data, model, train } = project;
  return {
    train_input_path: data.trainInputPath,
    eval_input_path: data.evalInputPath,
    model_dir: train.modelDir,
    train_config: trainConfig(project),
    // EasyRec evaluates multi-task models by the towers' own metrics_set; its samples still
    // carry this block, and so do we.
    eval_config: { metrics_set: [{ auc: {} }] },
    data_config: dataConfig(project, towers),
    feature_config: { features: project.features.map(featureConfig) },
    model_config: {
      model_class: 'DBMTL',
      feature_groups: [
        {
          group_name: 'all',
          feature_names: project.features.filter((f) => f.inGroup).map((f) => f.name),
          wide_deep: 'DEEP',
        },
      ],
      dbmtl: {
        ...(model.bottomDnn ? { bottom_dnn: dnn(model.bottomDnn) } : {}),
        ...(model.expertDnn ? { expert_dnn: dnn(model.expertDnn) } : {}),
        ...(model.numExpert > 0 ? { num_expert: model.numExpert } : {}),
        task_towers: towers.map(tower),
        l2_regularization: model.l2Regularization,
      },
      embedding_regularization: model.embeddingRegularization,
      loss_weight_strategy: model.lossWeightStrategy,
    },
    export_config: { exporter_type: 'final' },
  };
}

function trainConfig(project: Project): W.TrainConfig {
  const { train } = project;
  return {
    optimizer_config: [
      {
        adam_optimizer: {
          learning_rate: learningRate(train.learningRate),
          ...(train.beta1 !== 0.9 ? { beta1: train.beta1 } : {}),
          ...(train.beta2 !== 0.999 ? { beta2: train.beta2 } : {}),
        },
      },
    ],
    ...(train.gradientClippingByNorm > 0
      ? { gradient_clipping_by_norm: train.gradientClippingByNorm }
      : {}),
    num_steps: train.numSteps,
    // 0 in the project means "EasyRec's default" (1000 and 10 steps).
    ...(train.saveCheckpointsSteps > 0
      ? { save_checkpoints_steps: train.saveCheckpointsSteps }
      : {}),
    ...(train.logStepCountSteps > 0 ? { log_step_count_steps: train.logStepCountSteps } : {}),
  };
}

function learningRate(lr: LearningRate): W.LearningRate {
  if (lr.kind === 'constant') return { constant_learning_rate: { learning_rate: lr.learningRate } };
  return {
    exponential_decay_learning_rate: {
      initial_learning_rate: lr.initialLearningRate,
      decay_steps: lr.decaySteps,
      decay_factor: lr.decayFactor,
      staircase: lr.staircase,
      min_learning_rate: lr.minLearningRate,
    },
  };
}

/** Label columns: the towers' labels in tower order, then task-space indicators. */
export function labelFields(towers: readonly Task[]): string[] {
  const labels: string[] = [];
  const add = (name: string) => {
    if (name !== '' && !labels.includes(name)) labels.push(name);
  };
  towers.forEach((t) => add(t.labelName));
  towers.forEach((t) => add(t.taskSpaceIndicatorLabel));
  return labels;
}

function dataConfig(project: Project, towers: readonly Task[]): W.DatasetConfig {
  const { data } = project;
  return {
    batch_size: data.batchSize,
    label_fields: labelFields(towers),
    input_type: 'CSVInput',
    separator: data.separator,
    with_header: data.withHeader,
    ...(!data.shuffle ? { shuffle: false } : {}),
    ...(data.numEpochs > 0 ? { num_epochs: data.numEpochs } : {}),
    ...(data.sampleWeight !== '' ? { sample_weight: data.sampleWeight } : {}),
    ...(data.evalBatchSize !== 4096 ? { eval_batch_size: data.evalBatchSize } : {}),
    input_fields: data.inputFields.map((f) => ({
      input_name: f.name,
      input_type: f.type,
      ...(f.defaultVal !== '' ? { default_val: f.defaultVal } : {}),
    })),
  };
}

function featureConfig(feature: Feature): W.FeatureConfig {
  const tag = feature.type === 'TagFeature';
  return {
    ...(feature.name !== feature.inputName ? { feature_name: feature.name } : {}),
    input_names: [feature.inputName],
    feature_type: feature.type,
    // A tag feature's separator is written even at its default, as EasyRec's samples do.
    ...(tag || feature.separator !== '|' ? { separator: feature.separator } : {}),
    ...(feature.combiner !== 'sum' ? { combiner: feature.combiner } : {}),
    ...(feature.boundaries.length > 0 ? { boundaries: [...feature.boundaries] } : {}),
    ...(feature.embeddingName !== '' ? { embedding_name: feature.embeddingName } : {}),
    ...(feature.embeddingDim > 0 ? { embedding_dim: feature.embeddingDim } : {}),
    ...(feature.hashBucketSize > 0 ? { hash_bucket_size: feature.hashBucketSize } : {}),
    ...(feature.numBuckets > 0 ? { num_buckets: feature.numBuckets } : {}),
    ...(feature.vocabList.length > 0 ? { vocab_list: [...feature.vocabList] } : {}),
    ...(feature.minVal !== 0 ? { min_val: feature.minVal } : {}),
    ...(feature.maxVal !== 0 ? { max_val: feature.maxVal } : {}),
  };
}

/** A DNN with the fields at EasyRec's defaults left out. */
function dnn(mlp: Mlp): W.DNN {
  return {
    hidden_units: [...mlp.hiddenUnits],
    ...(mlp.dropoutRatio.length > 0 ? { dropout_ratio: [...mlp.dropoutRatio] } : {}),
    ...(mlp.activation !== 'tf.nn.relu' ? { activation: mlp.activation } : {}),
    ...(!mlp.useBn ? { use_bn: false } : {}),
  };
}

function metric(m: Metric): W.EvalMetrics {
  switch (m.kind) {
    case 'auc':
      return { auc: m.numThresholds !== 200 ? { num_thresholds: m.numThresholds } : {} };
    case 'gauc':
      return {
        gauc: {
          uid_field: m.uidField,
          ...(m.reduction !== 'mean' ? { reduction: m.reduction } : {}),
        },
      };
    default:
      return { [m.kind]: {} };
  }
}

function tower(task: Task): W.BayesTaskTower {
  return {
    tower_name: task.name,
    label_name: task.labelName,
    loss_type: task.lossType,
    ...(task.numClass !== 1 ? { num_class: task.numClass } : {}),
    metrics_set: task.metrics.map(metric),
    ...(task.dnn ? { dnn: dnn(task.dnn) } : {}),
    relation_tower_names: [...task.relationTowerNames],
    ...(task.relationDnn ? { relation_dnn: dnn(task.relationDnn) } : {}),
    weight: task.weight,
    ...(task.taskSpaceIndicatorLabel !== ''
      ? { task_space_indicator_label: task.taskSpaceIndicatorLabel }
      : {}),
    ...(task.inTaskSpaceWeight !== 1 ? { in_task_space_weight: task.inTaskSpaceWeight } : {}),
    ...(task.outTaskSpaceWeight !== 1 ? { out_task_space_weight: task.outTaskSpaceWeight } : {}),
    use_sample_weight: task.useSampleWeight,
  };
}
