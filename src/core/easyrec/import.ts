/**
 * pipeline.config text → project: the other half of the conversion boundary. Reads in two
 * steps (text → generic tree → wire objects), then maps what the app models and reports
 * the rest with positions. A syntax error yields no project; any other problem is reported
 * and the project is still produced, so the user can open it and fix what EasyRec refuses.
 */
import { emptyProject, inputField, makeFeature } from '../project/defaults';
import {
  FEATURE_TYPES,
  FIELD_TYPES,
  LOSS_WEIGHT_STRATEGIES,
  type Combiner,
  type Feature,
  type FeatureType,
  type FieldType,
  type LearningRate,
  type LossWeightStrategy,
  type Project,
} from '../project/types';
import { readTextFormat, TextFormatError } from '../textproto';
import { decodeMessage, metaOf, positionOfField } from './decode';
import { importMlp, importTowers, reporter } from './importTowers';
import { sortReport, type ReportEntry } from './report';
import { reportUnmodelled } from './unmodelled';
import type * as W from './wire';

export interface ImportResult {
  /** Null only when the text cannot be read at all (a syntax error). */
  project: Project | null;
  report: ReportEntry[];
}

export interface ImportOptions {
  /** The project's name, e.g. from the file name. */
  name?: string;
}

export function importConfig(text: string, options: ImportOptions = {}): ImportResult {
  let tree;
  try {
    tree = readTextFormat(text);
  } catch (error) {
    if (!(error instanceof TextFormatError)) throw error;
    const { line, column } = error;
    const message = error.message.replace(/^\d+:\d+: /, '');
    return {
      project: null,
      report: [{ severity: 'error', code: 'SYNTAX', line, column, path: '', message }],
    };
  }
  const report: ReportEntry[] = [];
  const config = decodeMessage(tree, 'EasyRecConfig', '', report) as W.EasyRecConfig;
  reportUnmodelled(config, report);
  const project = configToProject(config, report, options.name ?? 'Imported config');
  return { project, report: sortReport(report) };
}

/** Whether a report leaves a config the app can train (no entry of severity error). */
export function reportHasErrors(report: readonly ReportEntry[]): boolean {
  return report.some((e) => e.severity === 'error');
}

export function configToProject(
  config: W.EasyRecConfig,
  report: ReportEntry[],
  name: string,
): Project {
  const add = reporter(report);
  const project = emptyProject(name);
  const data = config.data_config ?? {};
  const model = config.model_config ?? {};

  if (model.model_class !== undefined && model.model_class !== 'DBMTL') {
    add(
      {
        severity: 'error',
        code: 'UNSUPPORTED_VALUE',
        message: `model_class "${model.model_class}" is not DBMTL; the app designs DBMTL models only.`,
      },
      model,
      'model_class',
    );
  }
  if (config.model_config && !model.dbmtl) {
    add(
      {
        severity: 'error',
        code: 'UNSUPPORTED_VALUE',
        message: 'model_config has no dbmtl block; the project starts without tasks.',
      },
      model,
    );
  }
  if (data.input_type !== undefined && data.input_type !== 'CSVInput') {
    add(
      {
        severity: 'warning',
        code: 'UNSUPPORTED_VALUE',
        message: `input_type ${data.input_type} is not modelled; the app reads CSV files and a re-export writes CSVInput.`,
      },
      data,
      'input_type',
    );
  }

  const labelFields = data.label_fields ?? [];
  const dbmtl = model.dbmtl ?? {};
  project.tasks = importTowers(dbmtl.task_towers ?? [], labelFields, report);
  checkLabelFields(project, data, add);

  project.model = {
    bottomDnn: importMlp(dbmtl.bottom_dnn, add),
    expertDnn: importMlp(dbmtl.expert_dnn, add),
    numExpert: dbmtl.num_expert ?? 0,
    l2Regularization: dbmtl.l2_regularization ?? 1e-4,
    embeddingRegularization: model.embedding_regularization ?? 0,
    lossWeightStrategy: pick(
      LOSS_WEIGHT_STRATEGIES,
      model.loss_weight_strategy,
      'Fixed',
    ) as LossWeightStrategy,
  };
  project.data = {
    trainInputPath: config.train_input_path ?? '',
    evalInputPath: config.eval_input_path ?? '',
    inputFields: (data.input_fields ?? []).map((f) =>
      inputField(
        f.input_name ?? '',
        pick(FIELD_TYPES, f.input_type, 'STRING') as FieldType,
        f.default_val ?? '',
      ),
    ),
    separator: data.separator ?? ',',
    withHeader: data.with_header ?? false,
    batchSize: data.batch_size ?? 32,
    evalBatchSize: data.eval_batch_size ?? 4096,
    shuffle: data.shuffle ?? true,
    numEpochs: data.num_epochs ?? 0,
    sampleWeight: data.sample_weight ?? '',
  };
  project.features = importFeatures(config, add);
  const configured = new Set(
    (config.feature_config?.features ?? config.feature_configs ?? []).map(
      (f) => f.feature_name ?? f.input_names?.[0] ?? '',
    ),
  );
  applyGroups(project, model, configured, report);
  importTrain(project, config, add);
  checkFixedBlocks(config, add);
  return project;
}

function pick<T extends string>(values: readonly T[], value: string | undefined, fallback: T): T {
  return value !== undefined && (values as readonly string[]).includes(value)
    ? (value as T)
    : fallback;
}

type Add = ReturnType<typeof reporter>;

function checkLabelFields(project: Project, data: W.DatasetConfig, add: Add): void {
  const used = new Set(project.tasks.flatMap((t) => [t.labelName, t.taskSpaceIndicatorLabel]));
  for (const label of data.label_fields ?? []) {
    if (!used.has(label)) {
      add(
        {
          severity: 'warning',
          code: 'NOT_MODELLED',
          message: `label field "${label}" is read by no tower; a re-export lists only the towers' labels and task-space indicators.`,
        },
        data,
        'label_fields',
      );
    }
  }
}

function importFeatures(config: W.EasyRecConfig, add: Add): Feature[] {
  const modern = config.feature_config?.features;
  const old = config.feature_configs;
  if (modern && old) {
    add(
      {
        severity: 'warning',
        code: 'NOT_MODELLED',
        message:
          'both feature_config and feature_configs are given; the app reads feature_config and a re-export writes only that.',
      },
      config,
      'feature_configs',
    );
  }
  const features: Feature[] = [];
  for (const fc of modern ?? old ?? []) {
    const type = fc.feature_type ?? 'IdFeature';
    const inputs = fc.input_names ?? [];
    const label = `feature "${fc.feature_name ?? inputs[0] ?? ''}"`;
    if (!(FEATURE_TYPES as readonly string[]).includes(type)) {
      add(
        {
          severity: 'warning',
          code: 'UNSUPPORTED_VALUE',
          message: `${label}: ${type} is not modelled (the app has ${FEATURE_TYPES.join(', ')}); the feature is left out, also of the feature group.`,
        },
        fc,
        'feature_type',
      );
      continue;
    }
    if (inputs.length === 0) {
      add(
        {
          severity: 'error',
          code: 'BAD_VALUE',
          message: `${label} has no input_names; EasyRec fails on it. The feature is left out.`,
        },
        fc,
      );
      continue;
    }
    if (inputs.length > 1) {
      add(
        {
          severity: 'warning',
          code: 'NOT_MODELLED',
          message: `${label} reads ${inputs.length} columns; the app keeps only "${inputs[0]}".`,
        },
        fc,
        'input_names',
      );
    }
    const combiner = fc.combiner ?? 'sum';
    if (combiner !== 'sum' && combiner !== 'mean') {
      add(
        {
          severity: 'warning',
          code: 'UNSUPPORTED_VALUE',
          message: `${label}: combiner "${combiner}" is not supported (sum, mean); using sum.`,
        },
        fc,
        'combiner',
      );
    }
    features.push(
      makeFeature(inputs[0] as string, {
        name: fc.feature_name ?? (inputs[0] as string),
        type: type as FeatureType,
        embeddingName: fc.embedding_name ?? '',
        embeddingDim: fc.embedding_dim ?? 0,
        hashBucketSize: fc.hash_bucket_size ?? 0,
        numBuckets: fc.num_buckets ?? 0,
        vocabList: [...(fc.vocab_list ?? [])],
        boundaries: [...(fc.boundaries ?? [])],
        separator: fc.separator ?? '|',
        combiner: combiner === 'mean' ? 'mean' : ('sum' as Combiner),
        minVal: fc.min_val ?? 0,
        maxVal: fc.max_val ?? 0,
        inGroup: false,
      }),
    );
  }
  return features;
}

/**
 * DBMTL reads the group named `all`. Its features are marked `inGroup` and ordered as the
 * group lists them, so a re-export keeps the order in which the input is concatenated.
 */
function applyGroups(
  project: Project,
  model: W.EasyRecModel,
  configured: ReadonlySet<string>,
  report: ReportEntry[],
): void {
  const add = reporter(report);
  const groups = model.feature_groups ?? [];
  const all = groups.find((g) => g.group_name === 'all');
  for (const group of groups) {
    if (group !== all) {
      add(
        {
          severity: 'warning',
          code: 'NOT_MODELLED',
          message: `feature group "${group.group_name ?? ''}" is not read by DBMTL (it reads "all"); a re-export leaves it out.`,
        },
        group,
      );
    }
  }
  if (!all) {
    if (model.dbmtl)
      add(
        {
          severity: 'error',
          code: 'GROUP_FEATURE_UNKNOWN',
          message: 'there is no feature group named "all"; EasyRec\'s DBMTL fails without it.',
        },
        model,
        'feature_groups',
      );
    return;
  }
  if (all.wide_deep !== undefined && all.wide_deep !== 'DEEP') {
    add(
      {
        severity: 'warning',
        code: 'UNSUPPORTED_VALUE',
        message: `wide_deep ${all.wide_deep} is not modelled; a re-export writes DEEP.`,
      },
      all,
      'wide_deep',
    );
  }
  const byName = new Map(project.features.map((f) => [f.name, f]));
  const grouped: Feature[] = [];
  const places = metaOf(all)?.fields.get('feature_names')?.at ?? [];
  (all.feature_names ?? []).forEach((name, k) => {
    const at = places[k] ?? positionOfField(all);
    const push = (severity: ReportEntry['severity'], code: ReportEntry['code'], message: string) =>
      report.push({ severity, code, message, line: at.line, column: at.column, path: at.path });
    const feature = byName.get(name);
    if (feature && !feature.inGroup) {
      feature.inGroup = true;
      grouped.push(feature);
    } else if (feature) {
      push('warning', 'NOT_MODELLED', `group "all" lists "${name}" twice; the app keeps it once.`);
    } else if (configured.has(name)) {
      push(
        'warning',
        'NOT_MODELLED',
        `group "all" lists "${name}", a feature of a type the app does not model; it is left out.`,
      );
    } else {
      push(
        'error',
        'GROUP_FEATURE_UNKNOWN',
        `group "all" lists "${name}", which is no feature of the config; EasyRec fails on it.`,
      );
    }
  });
  // Grouped features take the places grouped features had, in the group's order; the
  // others stay where they were. A config the app wrote is left exactly as it was.
  let next = 0;
  project.features = project.features.map((f) => (f.inGroup ? (grouped[next++] as Feature) : f));
}

function importTrain(project: Project, config: W.EasyRecConfig, add: Add): void {
  const train = config.train_config ?? {};
  const optimizers = train.optimizer_config ?? [];
  if (optimizers.length > 1) {
    add(
      {
        severity: 'warning',
        code: 'NOT_MODELLED',
        message: `${optimizers.length} optimizers are given; the app uses the first.`,
      },
      train,
      'optimizer_config',
    );
  }
  const adam = optimizers[0]?.adam_optimizer;
  const lr = adam?.learning_rate;
  let learningRate: LearningRate = project.train.learningRate;
  if (lr?.constant_learning_rate) {
    learningRate = {
      kind: 'constant',
      learningRate: lr.constant_learning_rate.learning_rate ?? 0.002,
    };
  } else if (lr?.exponential_decay_learning_rate) {
    const e = lr.exponential_decay_learning_rate;
    learningRate = {
      kind: 'exponential',
      initialLearningRate: e.initial_learning_rate ?? 0.002,
      decaySteps: e.decay_steps ?? 4_000_000,
      decayFactor: e.decay_factor ?? 0.95,
      staircase: e.staircase ?? true,
      minLearningRate: e.min_learning_rate ?? 0,
    };
  } else {
    add(
      {
        severity: 'info',
        code: 'NORMALISED',
        message: 'no Adam learning rate the app models was found; using a constant 0.001.',
      },
      config.train_config ? train : config,
      config.train_config ? 'optimizer_config' : 'train_config',
    );
  }
  project.train = {
    ...project.train,
    modelDir: config.model_dir ?? '',
    learningRate,
    beta1: adam?.beta1 ?? 0.9,
    beta2: adam?.beta2 ?? 0.999,
    numSteps: train.num_steps ?? 0,
    gradientClippingByNorm: train.gradient_clipping_by_norm ?? 0,
    saveCheckpointsSteps: train.save_checkpoints_steps ?? 0,
    logStepCountSteps: train.log_step_count_steps ?? 0,
  };
}

/** Blocks the exporter writes with fixed content. */
function checkFixedBlocks(config: W.EasyRecConfig, add: Add): void {
  const metrics = config.eval_config?.metrics_set;
  const plainAuc =
    metrics?.length === 1 && metrics[0]?.auc && metrics[0].auc.num_thresholds === undefined;
  if (config.eval_config && metrics && !plainAuc) {
    add(
      {
        severity: 'info',
        code: 'NORMALISED',
        message:
          "EasyRec evaluates DBMTL by the towers' metrics_set and ignores this one; a re-export writes auc {}.",
      },
      config.eval_config,
      'metrics_set',
    );
  }
  const exporter = config.export_config?.exporter_type;
  if (config.export_config && exporter !== undefined && exporter !== 'final') {
    add(
      {
        severity: 'warning',
        code: 'UNSUPPORTED_VALUE',
        message: `exporter_type "${exporter}" is not modelled; a re-export writes "final".`,
      },
      config.export_config,
      'exporter_type',
    );
  }
}
