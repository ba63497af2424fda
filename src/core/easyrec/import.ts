/**
 * pipeline.config text → project: the other half of the conversion boundary. Reads in two
 * steps (text → generic tree → wire objects), then maps what the app models and reports
 * the rest with positions.
 *
 * Which errors refuse the import, and which open a project anyway (one rule, used by the
 * app and by every `dbmtl` command through `ImportResult.refusal`):
 *
 * - Refused, no project: text that is not one definite DBMTL config. That is a syntax error,
 *   an empty file, a config without a dbmtl model, and everything EasyRec's parser rejects
 *   field by field (an unknown field, an unknown enum value, a value of the wrong type, a
 *   non-repeated field given twice, two members of a oneof). The project model has no place
 *   for a value it does not know, so opening such a file would mean substituting a default
 *   (a misspelt `l2_regularisation` becoming 1e-4, `L3_LOSS` becoming CLASSIFICATION), and a
 *   re-export would then say something other than the file without anyone noticing. The fix
 *   belongs in the text; the report says where.
 * - Opened, errors kept in the report: the codes in OPENS_WITH_ERRORS. The project holds
 *   exactly what was written (a relation to a missing tower, a cycle, a name that is not an
 *   identifier, a tower without a label, no `all` group), so validateProject reports it and
 *   blocks export until the user fixes it in the graph; or the problem is one of order that
 *   a re-export repairs without changing meaning, and the entry says so (a relation to a
 *   later tower, a label missing from label_fields).
 * - Any other error code refuses: a new check is safe by default.
 *
 * Warnings (parts the app does not model) never refuse: the report lists what a re-export
 * leaves out.
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
import { readTextFormat, TextFormatError, type TextMessage } from '../textproto';
import { decodeMessage, metaOf } from './decode';
import { applyGroups, importFeatures } from './importFeatures';
import { importMlp, importTowers, reporter } from './importTowers';
import { quoted, sortReport, type ReportCode, type ReportEntry } from './report';
import { reportUnmodelled } from './unmodelled';
import type * as W from './wire';

export interface ImportResult {
  /** Null when the import is refused (see `refusal`). */
  project: Project | null;
  report: ReportEntry[];
  /** Why no project was made, in one sentence; null when there is a project. */
  refusal: string | null;
}

export interface ImportOptions {
  /** The project's name, e.g. from the file name; else model_dir's last folder. */
  name?: string;
}

/** Error codes with which a project still opens (see the rule at the top of this file). */
export const OPENS_WITH_ERRORS: ReadonlySet<ReportCode> = new Set<ReportCode>([
  'RELATION_UNKNOWN',
  'RELATION_LATER',
  'RELATION_CYCLE',
  'NAME_EMPTY',
  'NAME_NOT_IDENTIFIER',
  'NAME_DUPLICATE',
  'LABEL_MISSING',
  'GROUP_ALL_MISSING',
]);

/** Whether an entry makes the import refuse the file. */
export function refusesImport(entry: ReportEntry): boolean {
  return entry.severity === 'error' && !OPENS_WITH_ERRORS.has(entry.code);
}

export function importConfig(text: string, options: ImportOptions = {}): ImportResult {
  let tree: TextMessage;
  try {
    tree = readTextFormat(text);
  } catch (error) {
    if (!(error instanceof TextFormatError)) throw error;
    const { line, column } = error;
    const message = error.message.replace(/^\d+:\d+: /, '');
    return refused(
      [{ severity: 'error', code: 'SYNTAX', line, column, path: '', message }],
      `The file has a syntax error at ${line}:${column}: ${message}.`,
    );
  }
  if (tree.fields.length === 0) {
    const why =
      text.trim() === ''
        ? 'The file is empty.'
        : 'The file has only comments; there is no config in it.';
    return refused(
      [{ severity: 'error', code: 'EMPTY_FILE', line: 0, column: 0, path: '', message: why }],
      why,
    );
  }
  const report: ReportEntry[] = [];
  const config = decodeMessage(tree, 'EasyRecConfig', '', report) as W.EasyRecConfig;
  const notDbmtl = checkDbmtl(config, writesDbmtl(tree));
  if (notDbmtl) {
    // Another model's fields would only bury the one thing that matters; parser errors stay.
    const errors = report.filter((e) => e.severity === 'error');
    return refused([...errors, notDbmtl], notDbmtl.message);
  }
  reportUnmodelled(config, report);
  const project = configToProject(
    config,
    report,
    options.name ?? nameFromModelDir(config.model_dir) ?? 'Imported config',
  );
  const sorted = sortReport(report);
  const blocking = sorted.filter(refusesImport);
  const first = blocking[0];
  if (first) {
    const more = blocking.length > 1 ? ` (and ${blocking.length - 1} more in the report)` : '';
    return {
      project: null,
      report: sorted,
      refusal: `EasyRec would refuse this file: ${first.code} at ${first.line}:${first.column}${more}. Fix it in the text and import again; the app substitutes nothing.`,
    };
  }
  return { project, report: sorted, refusal: null };
}

function refused(report: ReportEntry[], why: string): ImportResult {
  return { project: null, report: sortReport(report), refusal: why };
}

/** The last folder of model_dir ("experiments/dbmtl_taobao" → "dbmtl_taobao"), if any. */
export function nameFromModelDir(modelDir: string | undefined): string | undefined {
  const last = (modelDir ?? '')
    .split(/[\\/]/)
    .filter((part) => part.trim() !== '')
    .pop();
  return last?.trim();
}

/**
 * The entry that refuses a config without a DBMTL model, or null. A dbmtl block is needed
 * (it holds the towers), and model_class must not name another model: EasyRec builds the
 * model model_class names, whatever blocks are present.
 */
function checkDbmtl(config: W.EasyRecConfig, written: boolean): ReportEntry | null {
  const model = config.model_config;
  const entry = (at: { line: number; column: number; path: string }, found: string) => ({
    severity: 'error' as const,
    code: 'NOT_DBMTL' as const,
    ...at,
    message: `This config has no dbmtl model (found ${found}); DBMTL Studio opens DBMTL configs only.`,
  });
  if (!model) return entry({ line: 0, column: 0, path: 'model_config' }, 'no model_config');
  const meta = metaOf(model);
  const where = (field: string) => {
    const at = meta?.fields.get(field)?.at[0];
    return at ?? { line: meta?.line ?? 0, column: meta?.column ?? 0, path: 'model_config' };
  };
  // Another model's block is the clearest sign; else a model_class naming another model.
  const other = [...(meta?.fields ?? [])].find(([, f]) => f.spec.oneof === 'model');
  const otherAt = other?.[1].at[0];
  if (other && otherAt && !written) {
    return entry(otherAt, `${other[0]} at ${otherAt.line}:${otherAt.column}`);
  }
  if (model.model_class !== undefined && model.model_class !== 'DBMTL') {
    const at = where('model_class');
    return entry(at, `model_class ${quoted(model.model_class)} at ${at.line}:${at.column}`);
  }
  // A dbmtl block the decoder dropped (a bad value, a oneof conflict) is reported already.
  if (written) return null;
  const at = where('');
  return entry(at, `a model_config without a model block at ${at.line}:${at.column}`);
}

/** Whether the text writes `model_config { dbmtl … }`, whether or not it decoded. */
function writesDbmtl(tree: TextMessage): boolean {
  return tree.fields.some(
    (f) =>
      f.name === 'model_config' &&
      f.value.kind === 'message' &&
      f.value.fields.some((g) => g.name === 'dbmtl'),
  );
}

/** Whether a report leaves a config the app can train (no entry of severity error). */
export function reportHasErrors(report: readonly ReportEntry[]): boolean {
  return report.some((e) => e.severity === 'error');
}

/** Wire config → project. Call it only for a config checkDbmtl accepts. */
export function configToProject(
  config: W.EasyRecConfig,
  report: ReportEntry[],
  name: string,
): Project {
  const add = reporter(report);
  const project = emptyProject(name);
  const data = config.data_config ?? {};
  const model = config.model_config ?? {};

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
    // EasyRec has no derived columns: an imported config starts with none.
    derivedLabels: [],
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
  (data.label_fields ?? []).forEach((label, i) => {
    if (used.has(label)) return;
    add(
      {
        severity: 'warning',
        code: 'NOT_MODELLED',
        message: `label field ${quoted(label)} is read by no tower; a re-export lists only the towers' labels and task-space indicators.`,
      },
      data,
      'label_fields',
      i,
    );
  });
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
        message: `exporter_type ${quoted(exporter)} is not modelled; a re-export writes "final".`,
      },
      config.export_config,
      'exporter_type',
    );
  }
}
