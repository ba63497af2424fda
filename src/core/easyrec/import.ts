/**
 * pipeline.config text → project: the other half of the conversion boundary. Reads in two
 * steps (text → generic tree → wire objects), then maps what the app models and reports
 * the rest with positions. A syntax error yields no project; any other problem is reported
 * and the project is still produced, so the user can open it and fix what EasyRec refuses.
 */
import { emptyProject, inputField } from '../project/defaults';
import {
  FIELD_TYPES,
  LOSS_WEIGHT_STRATEGIES,
  type FieldType,
  type LearningRate,
  type LossWeightStrategy,
  type Project,
} from '../project/types';
import { readTextFormat, TextFormatError } from '../textproto';
import { decodeMessage } from './decode';
import { applyGroups, importFeatures } from './importFeatures';
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
