/**
 * Validation of a whole project against the rules of DBMTL.md. Every problem has a code, a
 * severity, where it is (task, feature or field) and a sentence a user understands. Export
 * and training refuse a project with errors; warnings are shown and allowed, except those
 * marked `blocksTraining`: sizes EasyRec trains on a cluster but a browser tab cannot hold.
 */
import { findCycle, formatPath, isIdentifier } from './graph';
import type { Mlp, Project, Task } from './types';

export type ProblemCode =
  | 'NO_TASKS'
  | 'NAME_EMPTY'
  | 'NAME_NOT_IDENTIFIER'
  | 'NAME_DUPLICATE'
  | 'LABEL_MISSING'
  | 'LABEL_NOT_A_COLUMN'
  | 'LABEL_SHARED'
  | 'RELATION_UNKNOWN'
  | 'RELATION_SELF'
  | 'RELATION_DUPLICATE'
  | 'RELATION_CYCLE'
  | 'NUM_CLASS_INVALID'
  | 'METRIC_MISMATCH'
  | 'GAUC_UID_UNKNOWN'
  | 'WEIGHT_INVALID'
  | 'TASK_SPACE_LABEL_UNKNOWN'
  | 'TASK_SPACE_WEIGHT_INVALID'
  | 'HIDDEN_UNITS_EMPTY'
  | 'HIDDEN_UNITS_INVALID'
  | 'HIDDEN_UNITS_TOO_LARGE'
  | 'DROPOUT_LENGTH'
  | 'DROPOUT_RANGE'
  | 'EXPERTS_WITHOUT_COUNT'
  | 'COUNT_WITHOUT_EXPERTS'
  | 'REGULARIZATION_INVALID'
  | 'NO_INPUT_FIELDS'
  | 'INPUT_FIELD_DUPLICATE'
  | 'INPUT_FIELD_EMPTY'
  | 'NO_FEATURES'
  | 'FEATURE_NAME_DUPLICATE'
  | 'FEATURE_INPUT_UNKNOWN'
  | 'FEATURE_IS_LABEL'
  | 'FEATURE_EMBEDDING_DIM'
  | 'EMBEDDING_TOO_LARGE'
  | 'FEATURE_NO_BUCKETS'
  | 'FEATURE_BOUNDARIES_UNSORTED'
  | 'FEATURE_SEPARATOR_EMPTY'
  | 'SAMPLE_WEIGHT_UNKNOWN'
  | 'SEPARATOR_EMPTY'
  | 'BATCH_SIZE_INVALID'
  | 'LEARNING_RATE_INVALID';

export interface Problem {
  code: ProblemCode;
  severity: 'error' | 'warning';
  message: string;
  /** A warning for export that still refuses training here (too large for this process). */
  blocksTraining?: true;
  /** The task concerned, by id and name, when there is one. */
  taskId?: string;
  taskName?: string;
  /** The feature concerned, by name. */
  featureName?: string;
  /** The field concerned, as the project model names it (`relationDnn.dropoutRatio`). */
  field?: string;
}

/** A name from the user as messages show it: JSON-quoted, so quotes and newlines stay visible. */
const quote = (name: string) => JSON.stringify(name);

/** Layers wider than this are almost surely a typo, and would not fit a browser's memory. */
export const MAX_HIDDEN_UNITS = 16_384;

/**
 * Values in one embedding table above this (200 MB of float32, three times that with Adam's
 * moments) would not fit a browser tab. Production configs do use larger tables (EasyRec
 * shards them over parameter servers), so such a table exports with a warning and only
 * training here is refused.
 */
export const MAX_EMBEDDING_VALUES = 50_000_000;

const count = (n: number) => n.toLocaleString('en-US');

type Where = Pick<Problem, 'taskId' | 'taskName' | 'featureName'>;

function checkMlp(mlp: Mlp | null, field: string, where: Where, label: string): Problem[] {
  if (!mlp) return [];
  const problems: Problem[] = [];
  const add = (code: ProblemCode, message: string, sub: string) =>
    problems.push({ code, severity: 'error', message, field: `${field}.${sub}`, ...where });
  const units = mlp.hiddenUnits;
  // `hidden_units: [0]` is EasyRec's spelling of "no layer" for a relation MLP.
  const identity = units.length === 1 && units[0] === 0;
  if (units.length === 0) {
    add(
      'HIDDEN_UNITS_EMPTY',
      `${label} has no layers; give hidden units or remove it.`,
      'hiddenUnits',
    );
  } else if (!identity && units.some((u) => !Number.isInteger(u) || u < 1)) {
    add(
      'HIDDEN_UNITS_INVALID',
      `${label}: hidden units must be whole numbers of at least 1 (found [${units.join(', ')}]).`,
      'hiddenUnits',
    );
  } else if (units.some((u) => u > MAX_HIDDEN_UNITS)) {
    add(
      'HIDDEN_UNITS_TOO_LARGE',
      `${label}: a layer of ${Math.max(...units)} units is larger than ${MAX_HIDDEN_UNITS}; is it a typo?`,
      'hiddenUnits',
    );
  }
  const drop = mlp.dropoutRatio;
  if (drop.length > 0 && drop.length !== units.length) {
    add(
      'DROPOUT_LENGTH',
      `${label}: dropout ratio needs one entry per layer (${units.length}), found ${drop.length}.`,
      'dropoutRatio',
    );
  }
  if (drop.some((r) => !(r >= 0 && r < 1))) {
    add(
      'DROPOUT_RANGE',
      `${label}: each dropout ratio must be at least 0 and below 1.`,
      'dropoutRatio',
    );
  }
  return problems;
}

function taskWhere(task: Task): Where {
  return { taskId: task.id, taskName: task.name };
}

function checkTaskNames(tasks: readonly Task[]): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  for (const task of tasks) {
    const where = { ...taskWhere(task), field: 'name' };
    if (task.name === '') {
      problems.push({
        code: 'NAME_EMPTY',
        severity: 'error',
        message: 'A task has no name.',
        ...where,
      });
    } else if (!isIdentifier(task.name)) {
      problems.push({
        code: 'NAME_NOT_IDENTIFIER',
        severity: 'error',
        message: `Task name ${quote(task.name)} is not an identifier: use letters, digits and _, not starting with a digit.`,
        ...where,
      });
    }
    if (seen.has(task.name)) {
      problems.push({
        code: 'NAME_DUPLICATE',
        severity: 'error',
        message: `Two tasks are named ${quote(task.name)}; task names must be unique.`,
        ...where,
      });
    }
    seen.add(task.name);
  }
  return problems;
}

function checkRelations(tasks: readonly Task[]): Problem[] {
  const names = new Set(tasks.map((t) => t.name));
  const problems: Problem[] = [];
  for (const task of tasks) {
    const where = { ...taskWhere(task), field: 'relationTowerNames' };
    const seen = new Set<string>();
    for (const parent of task.relationTowerNames) {
      if (parent === task.name) {
        problems.push({
          code: 'RELATION_SELF',
          severity: 'error',
          message: `Task ${quote(task.name)} depends on itself.`,
          ...where,
        });
      } else if (!names.has(parent)) {
        problems.push({
          code: 'RELATION_UNKNOWN',
          severity: 'error',
          message: `Task ${quote(task.name)} depends on ${quote(parent)}, which is not a task.`,
          ...where,
        });
      }
      if (seen.has(parent)) {
        problems.push({
          code: 'RELATION_DUPLICATE',
          severity: 'error',
          message: `Task ${quote(task.name)} lists ${quote(parent)} twice as a parent.`,
          ...where,
        });
      }
      seen.add(parent);
    }
  }
  const cycle = findCycle(
    tasks.map((t) => ({
      ...t,
      relationTowerNames: t.relationTowerNames.filter((p) => p !== t.name),
    })),
  );
  if (cycle) {
    const first = tasks.find((t) => t.name === cycle[0]);
    problems.push({
      code: 'RELATION_CYCLE',
      severity: 'error',
      message: `The tasks form a cycle: ${formatPath(cycle)}. Remove one of its edges.`,
      field: 'relationTowerNames',
      ...(first ? taskWhere(first) : {}),
    });
  }
  return problems;
}

function checkTask(task: Task, project: Project): Problem[] {
  const where = taskWhere(task);
  const problems: Problem[] = [];
  const add = (
    code: ProblemCode,
    message: string,
    field: string,
    severity: Problem['severity'] = 'error',
  ) => problems.push({ code, severity, message, field, ...where });
  const columns = new Set(project.data.inputFields.map((f) => f.name));
  const regression = task.lossType === 'L2_LOSS' || task.lossType === 'SIGMOID_L2_LOSS';

  if (task.labelName === '') {
    add('LABEL_MISSING', `Task ${quote(task.name)} has no label column.`, 'labelName');
  } else if (columns.size > 0 && !columns.has(task.labelName)) {
    add(
      'LABEL_NOT_A_COLUMN',
      `Task ${quote(task.name)}: label column ${quote(task.labelName)} is not among the input columns.`,
      'labelName',
    );
  }
  if (!Number.isInteger(task.numClass) || task.numClass < 1) {
    add(
      'NUM_CLASS_INVALID',
      `Task ${quote(task.name)}: the number of classes must be a whole number of at least 1.`,
      'numClass',
    );
  } else if (task.numClass > 1 && task.lossType !== 'CLASSIFICATION') {
    add(
      'NUM_CLASS_INVALID',
      `Task ${quote(task.name)}: only CLASSIFICATION tasks may have more than one class.`,
      'numClass',
    );
  }
  for (const metric of task.metrics) {
    const needsBinary = metric.kind === 'auc' || metric.kind === 'gauc' || metric.kind === 'max_f1';
    const needsRegression = metric.kind.endsWith('_error');
    if ((needsBinary && (regression || task.numClass > 1)) || (needsRegression && !regression)) {
      add(
        'METRIC_MISMATCH',
        `Task ${quote(task.name)}: metric ${metric.kind} does not fit a ${regression ? 'regression' : task.numClass > 1 ? 'multi-class' : 'binary'} task.`,
        'metrics',
        'warning',
      );
    }
    if (metric.kind === 'gauc' && columns.size > 0 && !columns.has(metric.uidField)) {
      add(
        'GAUC_UID_UNKNOWN',
        `Task ${quote(task.name)}: gAUC user column ${quote(metric.uidField)} is not an input column.`,
        'metrics',
      );
    }
  }
  if (!(Number.isFinite(task.weight) && task.weight >= 0)) {
    add(
      'WEIGHT_INVALID',
      `Task ${quote(task.name)}: the loss weight must be a number of at least 0.`,
      'weight',
    );
  }
  if (
    task.taskSpaceIndicatorLabel !== '' &&
    columns.size > 0 &&
    !columns.has(task.taskSpaceIndicatorLabel)
  ) {
    add(
      'TASK_SPACE_LABEL_UNKNOWN',
      `Task ${quote(task.name)}: task-space indicator ${quote(task.taskSpaceIndicatorLabel)} is not an input column.`,
      'taskSpaceIndicatorLabel',
    );
  }
  for (const key of ['inTaskSpaceWeight', 'outTaskSpaceWeight'] as const) {
    if (!(Number.isFinite(task[key]) && task[key] >= 0)) {
      add(
        'TASK_SPACE_WEIGHT_INVALID',
        `Task ${quote(task.name)}: ${key === 'inTaskSpaceWeight' ? 'in' : 'out'}-of-space weight must be a number of at least 0.`,
        key,
      );
    }
  }
  problems.push(...checkMlp(task.dnn, 'dnn', where, `Task ${quote(task.name)} tower MLP`));
  problems.push(
    ...checkMlp(task.relationDnn, 'relationDnn', where, `Task ${quote(task.name)} relation MLP`),
  );
  return problems;
}

function checkModel(project: Project): Problem[] {
  const { model } = project;
  const problems: Problem[] = [
    ...checkMlp(model.bottomDnn, 'model.bottomDnn', {}, 'Bottom MLP'),
    ...checkMlp(model.expertDnn, 'model.expertDnn', {}, 'Expert MLP'),
  ];
  if (model.expertDnn && !(model.numExpert > 0)) {
    problems.push({
      code: 'EXPERTS_WITHOUT_COUNT',
      severity: 'error',
      field: 'model.numExpert',
      message:
        'Experts are set but the number of experts is 0; set at least 1 or remove the experts.',
    });
  }
  if (!model.expertDnn && model.numExpert > 0) {
    problems.push({
      code: 'COUNT_WITHOUT_EXPERTS',
      severity: 'warning',
      field: 'model.numExpert',
      message: `The number of experts is ${model.numExpert} but no expert MLP is set; experts are ignored.`,
    });
  }
  for (const key of ['l2Regularization', 'embeddingRegularization'] as const) {
    if (!(Number.isFinite(model[key]) && model[key] >= 0)) {
      problems.push({
        code: 'REGULARIZATION_INVALID',
        severity: 'error',
        field: `model.${key}`,
        message: `${key === 'l2Regularization' ? 'L2' : 'Embedding'} regularisation must be a number of at least 0.`,
      });
    }
  }
  return problems;
}

function checkData(project: Project): Problem[] {
  const problems: Problem[] = [];
  const { data, features, tasks } = project;
  const add = (
    code: ProblemCode,
    message: string,
    field: string,
    extra: Partial<Problem> = {},
    severity: Problem['severity'] = 'error',
  ) => problems.push({ code, severity, message, field, ...extra });

  if (data.inputFields.length === 0) {
    add(
      'NO_INPUT_FIELDS',
      'The project has no input columns yet: load samples or import a config.',
      'data.inputFields',
    );
  }
  const columns = new Set<string>();
  for (const field of data.inputFields) {
    if (field.name === '')
      add('INPUT_FIELD_EMPTY', 'An input column has no name.', 'data.inputFields');
    else if (columns.has(field.name))
      add(
        'INPUT_FIELD_DUPLICATE',
        `Two input columns are named ${quote(field.name)}.`,
        'data.inputFields',
      );
    columns.add(field.name);
  }
  if (data.separator === '')
    add('SEPARATOR_EMPTY', 'The column separator is empty.', 'data.separator');
  if (!(Number.isInteger(data.batchSize) && data.batchSize >= 1))
    add(
      'BATCH_SIZE_INVALID',
      'The batch size must be a whole number of at least 1.',
      'data.batchSize',
    );
  if (data.sampleWeight !== '' && !columns.has(data.sampleWeight)) {
    add(
      'SAMPLE_WEIGHT_UNKNOWN',
      `Sample-weight column ${quote(data.sampleWeight)} is not an input column.`,
      'data.sampleWeight',
    );
  }

  const labels = new Map<string, string>();
  for (const task of tasks) {
    const other = labels.get(task.labelName);
    if (other !== undefined && task.labelName !== '') {
      add(
        'LABEL_SHARED',
        `Tasks ${quote(other)} and ${quote(task.name)} read the same label column ${quote(task.labelName)}; their curves will be identical.`,
        'labelName',
        { taskId: task.id, taskName: task.name },
        'warning',
      );
    }
    labels.set(task.labelName, task.name);
  }

  const grouped = features.filter((f) => f.inGroup);
  if (grouped.length === 0)
    add(
      'NO_FEATURES',
      'No feature feeds the model: add at least one to the "all" group.',
      'features',
    );
  const featureNames = new Set<string>();
  for (const feature of features) {
    const where = { featureName: feature.name };
    const label = `Feature ${quote(feature.name)}`;
    if (featureNames.has(feature.name))
      add(
        'FEATURE_NAME_DUPLICATE',
        `Two features are named ${quote(feature.name)}.`,
        'features',
        where,
      );
    featureNames.add(feature.name);
    if (columns.size > 0 && !columns.has(feature.inputName))
      add(
        'FEATURE_INPUT_UNKNOWN',
        `${label} reads column ${quote(feature.inputName)}, which is not an input column.`,
        'inputName',
        where,
      );
    if (feature.inGroup && labels.has(feature.inputName))
      add(
        'FEATURE_IS_LABEL',
        `${label} reads the label column of task "${labels.get(feature.inputName)}": that leaks the label.`,
        'inputName',
        where,
        'warning',
      );
    const embedded = feature.type !== 'RawFeature' || feature.boundaries.length > 0;
    if (embedded && !(Number.isInteger(feature.embeddingDim) && feature.embeddingDim >= 1))
      add(
        'FEATURE_EMBEDDING_DIM',
        `${label} needs an embedding dimension of at least 1.`,
        'embeddingDim',
        where,
      );
    const rows =
      feature.type === 'RawFeature'
        ? feature.boundaries.length + 1
        : feature.vocabList.length > 0
          ? feature.vocabList.length + 1
          : feature.numBuckets > 0
            ? feature.numBuckets
            : feature.hashBucketSize;
    if (embedded && rows * feature.embeddingDim > MAX_EMBEDDING_VALUES)
      problems.push({
        code: 'EMBEDDING_TOO_LARGE',
        severity: 'warning',
        blocksTraining: true,
        message: `${label}: its embedding table of ${count(rows)} × ${count(feature.embeddingDim)} = ${count(rows * feature.embeddingDim)} values is larger than ${count(MAX_EMBEDDING_VALUES)}, too large to train in the browser. The config exports for EasyRec as it is; to train here, lower the bucket count or the dimension (or is it a typo?).`,
        field:
          feature.type !== 'RawFeature' && feature.vocabList.length === 0 && feature.numBuckets <= 0
            ? 'hashBucketSize'
            : 'embeddingDim',
        ...where,
      });
    if (
      feature.type !== 'RawFeature' &&
      feature.hashBucketSize <= 0 &&
      feature.numBuckets <= 0 &&
      feature.vocabList.length === 0
    ) {
      add(
        'FEATURE_NO_BUCKETS',
        `${label} needs a hash bucket size, a number of buckets or a vocabulary.`,
        'hashBucketSize',
        where,
      );
    }
    if (feature.boundaries.some((b, i) => i > 0 && !(b > (feature.boundaries[i - 1] as number))))
      add(
        'FEATURE_BOUNDARIES_UNSORTED',
        `${label}: boundaries must be strictly increasing.`,
        'boundaries',
        where,
      );
    if (feature.type === 'TagFeature' && feature.separator === '')
      add(
        'FEATURE_SEPARATOR_EMPTY',
        `${label}: a tag feature needs an item separator.`,
        'separator',
        where,
      );
  }
  return problems;
}

function checkTrain(project: Project): Problem[] {
  const lr = project.train.learningRate;
  const value = lr.kind === 'constant' ? lr.learningRate : lr.initialLearningRate;
  const bad =
    !(Number.isFinite(value) && value > 0) ||
    (lr.kind === 'exponential' && !(lr.decaySteps >= 1 && lr.decayFactor > 0));
  return bad
    ? [
        {
          code: 'LEARNING_RATE_INVALID',
          severity: 'error',
          field: 'train.learningRate',
          message:
            'The learning rate must be above 0 (and a decay needs at least 1 step and a factor above 0).',
        },
      ]
    : [];
}

/** All problems of a project, errors and warnings, in a stable order. */
export function validateProject(project: Project): Problem[] {
  const problems: Problem[] = [];
  if (project.tasks.length === 0) {
    problems.push({
      code: 'NO_TASKS',
      severity: 'error',
      message: 'The model has no tasks: add one from the palette.',
    });
  }
  problems.push(...checkTaskNames(project.tasks));
  problems.push(...checkRelations(project.tasks));
  for (const task of project.tasks) problems.push(...checkTask(task, project));
  problems.push(...checkModel(project));
  problems.push(...checkData(project));
  problems.push(...checkTrain(project));
  return problems;
}

export function hasErrors(problems: readonly Problem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

/** What refuses training here: every error, and the warnings marked `blocksTraining`. */
export function trainingBlockers(problems: readonly Problem[]): Problem[] {
  return problems.filter((p) => p.severity === 'error' || p.blocksTraining);
}
