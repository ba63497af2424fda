import {
  PROJECT_FORMAT_VERSION,
  type DataSettings,
  type Feature,
  type InputField,
  type Metric,
  type Mlp,
  type ModelSettings,
  type Project,
  type Task,
  type TrainSettings,
} from './types';

/** An MLP with EasyRec's defaults (ReLU, batch norm on, no dropout). */
export function mlp(hiddenUnits: number[], overrides: Partial<Mlp> = {}): Mlp {
  return {
    hiddenUnits: [...hiddenUnits],
    dropoutRatio: [],
    activation: 'tf.nn.relu',
    useBn: true,
    ...overrides,
  };
}

/** The metric a task of this loss type reports by default. */
export function defaultMetrics(lossType: Task['lossType'], numClass = 1): Metric[] {
  if (lossType === 'L2_LOSS' || lossType === 'SIGMOID_L2_LOSS')
    return [{ kind: 'mean_squared_error' }];
  if (numClass > 1) return [{ kind: 'accuracy' }];
  return [{ kind: 'auc', numThresholds: 200 }];
}

let idCounter = 0;
/** A short stable id, unique within a session (ids are never exported). */
export function newTaskId(): string {
  idCounter += 1;
  return `t${Date.now().toString(36)}${idCounter.toString(36)}`;
}

/**
 * A new task for `project`: `makeTask`, with its tower and relation MLPs following the
 * project's batch-norm choice (that of the bottom MLP, else of the first task's tower), so a
 * project without batch norm (the demo, and projects started from a file over it) does not
 * gain batch-normed towers whose moving averages a short browser run never warms up.
 */
export function newTaskIn(project: Project, name: string, overrides: Partial<Task> = {}): Task {
  const task = makeTask(name, overrides);
  const useBn = (project.model.bottomDnn ?? project.tasks[0]?.dnn)?.useBn;
  if (useBn === undefined) return task;
  const follow = (m: Mlp | null) => m && { ...m, useBn };
  return {
    ...task,
    dnn: overrides.dnn === undefined ? follow(task.dnn) : task.dnn,
    relationDnn: overrides.relationDnn === undefined ? follow(task.relationDnn) : task.relationDnn,
  };
}

/** A binary classification task with the tower sizes new users start from. */
export function makeTask(name: string, overrides: Partial<Task> = {}): Task {
  return {
    id: newTaskId(),
    name,
    labelName: name,
    lossType: 'CLASSIFICATION',
    numClass: 1,
    metrics: defaultMetrics('CLASSIFICATION'),
    dnn: mlp([128, 96, 64]),
    relationTowerNames: [],
    relationDnn: mlp([32]),
    weight: 1,
    taskSpaceIndicatorLabel: '',
    inTaskSpaceWeight: 1,
    outTaskSpaceWeight: 1,
    useSampleWeight: true,
    position: { x: 0, y: 0 },
    ...overrides,
  };
}

export function defaultModelSettings(): ModelSettings {
  return {
    bottomDnn: mlp([512, 256]),
    expertDnn: null,
    numExpert: 0,
    // EasyRec's proto default for DBMTL.l2_regularization.
    l2Regularization: 1e-4,
    embeddingRegularization: 0,
    lossWeightStrategy: 'Fixed',
  };
}

export function defaultDataSettings(): DataSettings {
  return {
    trainInputPath: 'train.csv',
    evalInputPath: 'eval.csv',
    inputFields: [],
    separator: ',',
    withHeader: true,
    batchSize: 512,
    evalBatchSize: 4096,
    shuffle: true,
    numEpochs: 0,
    sampleWeight: '',
    derivedLabels: [],
  };
}

export function defaultTrainSettings(): TrainSettings {
  return {
    modelDir: 'experiments/dbmtl',
    learningRate: { kind: 'constant', learningRate: 0.001 },
    beta1: 0.9,
    beta2: 0.999,
    numSteps: 2000,
    gradientClippingByNorm: 0,
    saveCheckpointsSteps: 0,
    logStepCountSteps: 0,
    seed: 42,
  };
}

export function inputField(name: string, type: InputField['type'], defaultVal = ''): InputField {
  return { name, type, defaultVal };
}

/** A feature with neutral parameters; callers set the ones its type needs. */
export function makeFeature(inputName: string, overrides: Partial<Feature> = {}): Feature {
  return {
    name: inputName,
    inputName,
    type: 'IdFeature',
    embeddingName: '',
    embeddingDim: 16,
    hashBucketSize: 0,
    numBuckets: 0,
    vocabList: [],
    boundaries: [],
    separator: '|',
    combiner: 'sum',
    minVal: 0,
    maxVal: 0,
    inGroup: true,
    ...overrides,
  };
}

export function emptyProject(name = 'Untitled'): Project {
  return {
    version: PROJECT_FORMAT_VERSION,
    name,
    tasks: [],
    model: defaultModelSettings(),
    features: [],
    data: defaultDataSettings(),
    train: defaultTrainSettings(),
  };
}
