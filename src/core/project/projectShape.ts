/**
 * The shape of a saved project, field by field: every type and enum of `types.ts` as a
 * reader. A missing field takes the default a new project would have; a field of the wrong
 * type or an unknown enum value refuses the file, naming the task (or section) and the field.
 * Ranges (a negative weight, a dropout of 1.5) are validation's job, not restore's: such a
 * project opens and its problems are listed.
 */
import {
  defaultDataSettings,
  defaultMetrics,
  defaultModelSettings,
  defaultTrainSettings,
  inputField,
  makeFeature,
  makeTask,
  mlp,
} from './defaults';
import {
  at,
  bool,
  child,
  describeAt,
  isRecord,
  list,
  nullable,
  num,
  oneOf,
  record,
  refuse,
  ShapeError,
  str,
  type Reader,
} from './readers';
import {
  ACTIVATIONS,
  COMBINERS,
  FEATURE_TYPES,
  FIELD_TYPES,
  GAUC_REDUCTIONS,
  LOSS_TYPES,
  LOSS_WEIGHT_STRATEGIES,
  PROJECT_FORMAT_VERSION,
  type DataSettings,
  type DerivedRule,
  type Feature,
  type InputField,
  type LearningRate,
  type Metric,
  type MetricKind,
  type Mlp,
  type ModelSettings,
  type Project,
  type Task,
  type TrainSettings,
} from './types';

const readMlp = record<Mlp>(
  { hiddenUnits: list(num), dropoutRatio: list(num), activation: oneOf(ACTIVATIONS), useBn: bool },
  // No sensible default width: an MLP without layers opens and validation names it.
  (read) => mlp([], read),
);

/** A reader for a union: the `kind` field picks the variant's reader. */
function byKind<T extends { kind: string }>(variants: { [K in T['kind']]: Reader<T> }): Reader<T> {
  const kinds = Object.keys(variants) as T['kind'][];
  return (value, where, log) => {
    if (!isRecord(value)) return refuse(where, 'an object', value);
    const kind = oneOf(kinds)(value.kind, child(where, 'kind'), log);
    return variants[kind](value, where, log);
  };
}

/** A variant without fields besides its kind. */
function bare<K extends MetricKind>(kind: K): Reader<Metric> {
  return record<{ kind: K }>({ kind: oneOf([kind]) }, () => ({ kind })) as Reader<Metric>;
}

const readMetric = byKind<Metric>({
  auc: record({ kind: oneOf(['auc'] as const), numThresholds: num }, () => ({
    kind: 'auc' as const,
    numThresholds: 200,
  })),
  gauc: record(
    { kind: oneOf(['gauc'] as const), uidField: str, reduction: oneOf(GAUC_REDUCTIONS) },
    (): Extract<Metric, { kind: 'gauc' }> => ({
      kind: 'gauc',
      uidField: 'user_id',
      reduction: 'mean',
    }),
  ),
  mean_squared_error: bare('mean_squared_error'),
  mean_absolute_error: bare('mean_absolute_error'),
  root_mean_squared_error: bare('root_mean_squared_error'),
  accuracy: bare('accuracy'),
  max_f1: bare('max_f1'),
});

const readPosition = record<Task['position']>({ x: num, y: num }, () => ({ x: 0, y: 0 }));

const readTaskFields = record<Task>(
  {
    id: str,
    name: str,
    labelName: str,
    lossType: oneOf(LOSS_TYPES),
    numClass: num,
    metrics: list(readMetric),
    dnn: nullable(readMlp),
    relationTowerNames: list(str),
    relationDnn: nullable(readMlp),
    weight: num,
    taskSpaceIndicatorLabel: str,
    inTaskSpaceWeight: num,
    outTaskSpaceWeight: num,
    useSampleWeight: bool,
    position: readPosition,
  },
  (read) =>
    makeTask(read.name ?? '', {
      metrics: defaultMetrics(read.lossType ?? 'CLASSIFICATION', read.numClass ?? 1),
    }),
  { quiet: ['id', 'position'] },
);

/** A task is named in every message about it, so its name is read (and required) first. */
const readTask: Reader<Task> = (value, where, log) => {
  if (!isRecord(value)) return refuse(where, 'an object', value);
  if (value.name === undefined) throw new ShapeError(`${where.path}: name is missing`);
  const name = str(value.name, child(where, 'name'), log);
  return readTaskFields(value, at(`task "${name}"`), log);
};

const readFeatureFields = record<Feature>(
  {
    name: str,
    inputName: str,
    type: oneOf(FEATURE_TYPES),
    embeddingName: str,
    embeddingDim: num,
    hashBucketSize: num,
    numBuckets: num,
    vocabList: list(str),
    boundaries: list(num),
    separator: str,
    combiner: oneOf(COMBINERS),
    minVal: num,
    maxVal: num,
    inGroup: bool,
  },
  (read) => makeFeature(read.inputName ?? ''),
);

const readFeature: Reader<Feature> = (value, where, log) => {
  if (!isRecord(value)) return refuse(where, 'an object', value);
  if (value.inputName === undefined) throw new ShapeError(`${where.path}: inputName is missing`);
  const inputName = str(value.inputName, child(where, 'inputName'), log);
  const name = typeof value.name === 'string' ? value.name : inputName;
  return readFeatureFields(value, at(`feature "${name}"`), log);
};

const readInputField = record<InputField>(
  { name: str, type: oneOf(FIELD_TYPES), defaultVal: str },
  (read) => inputField(read.name ?? '', 'STRING'),
);

const readModel = record<ModelSettings>(
  {
    bottomDnn: nullable(readMlp),
    expertDnn: nullable(readMlp),
    numExpert: num,
    l2Regularization: num,
    embeddingRegularization: num,
    lossWeightStrategy: oneOf(LOSS_WEIGHT_STRATEGIES),
  },
  defaultModelSettings,
);

/**
 * A column name as a file gives it: not empty, no spaces around it (header cells are
 * trimmed, and an empty one is named c0, c1…), so such a name never matches a file column.
 */
const columnName: Reader<string> = (value, where, log) => {
  const name = str(value, where, log);
  return name !== '' && name === name.trim()
    ? name
    : refuse(where, 'a column name (not empty, no spaces around it)', value);
};

const readDerivedRule = record<DerivedRule>(
  { kind: oneOf(['equals'] as const), name: columnName, source: columnName, value: str },
  // Every field is required: a rule cannot be guessed.
  () => ({ kind: 'equals', name: '', source: '', value: '' }),
  { required: ['kind', 'name', 'source', 'value'] },
);

/**
 * The derived-label rules: each one well formed, its name neither its own source nor another
 * rule's name, and its source a file column (a derived column is not computed from another).
 */
const readDerivedLabels: Reader<DerivedRule[]> = (value, where, log) => {
  const rules = list(readDerivedRule)(value, where, log);
  const names = new Map<string, number>();
  rules.forEach((rule, i) => {
    const name = child(child(where, i), 'name');
    if (rule.name === rule.source)
      throw new ShapeError(
        `${describeAt(name)} must differ from its source column (${JSON.stringify(rule.source)})`,
      );
    const first = names.get(rule.name);
    if (first !== undefined)
      throw new ShapeError(
        `${describeAt(name)} repeats ${JSON.stringify(rule.name)} (${describeAt(child(child(where, first), 'name'))})`,
      );
    names.set(rule.name, i);
  });
  rules.forEach((rule, i) => {
    if (names.has(rule.source))
      throw new ShapeError(
        `${describeAt(child(child(where, i), 'source'))} must be a file column, not the derived label ${JSON.stringify(rule.source)}`,
      );
  });
  return rules;
};

const readData = record<DataSettings>(
  {
    trainInputPath: str,
    evalInputPath: str,
    inputFields: list(readInputField),
    separator: str,
    withHeader: bool,
    batchSize: num,
    evalBatchSize: num,
    shuffle: bool,
    numEpochs: num,
    sampleWeight: str,
    derivedLabels: readDerivedLabels,
  },
  defaultDataSettings,
  // Files saved before derived labels were kept have none: nothing to repair, nothing to say.
  { quiet: ['derivedLabels'] },
);

const readLearningRate = byKind<LearningRate>({
  constant: record({ kind: oneOf(['constant'] as const), learningRate: num }, () => ({
    kind: 'constant' as const,
    learningRate: 0.001,
  })),
  exponential: record(
    {
      kind: oneOf(['exponential'] as const),
      initialLearningRate: num,
      decaySteps: num,
      decayFactor: num,
      staircase: bool,
      minLearningRate: num,
    },
    (): Extract<LearningRate, { kind: 'exponential' }> => ({
      kind: 'exponential',
      initialLearningRate: 0.001,
      decaySteps: 1000,
      decayFactor: 0.5,
      staircase: true,
      minLearningRate: 0,
    }),
  ),
});

const readTrain = record<TrainSettings>(
  {
    modelDir: str,
    learningRate: readLearningRate,
    beta1: num,
    beta2: num,
    numSteps: num,
    gradientClippingByNorm: num,
    saveCheckpointsSteps: num,
    logStepCountSteps: num,
    seed: num,
  },
  defaultTrainSettings,
);

export const readProject: Reader<Project> = record<Project>(
  {
    version: num,
    name: str,
    tasks: list(readTask),
    model: readModel,
    features: list(readFeature),
    data: readData,
    train: readTrain,
  },
  (read) => ({
    version: PROJECT_FORMAT_VERSION,
    name: read.name ?? 'Untitled',
    tasks: [],
    model: defaultModelSettings(),
    features: [],
    data: defaultDataSettings(),
    train: defaultTrainSettings(),
  }),
  // Without a task list this is some other JSON, not a project missing a field.
  { quiet: ['version'], required: ['tasks'] },
);
