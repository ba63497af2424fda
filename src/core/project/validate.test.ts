/**
 * One row per rule of DBMTL.md (and per ProblemCode): start from the live-streaming preset,
 * which has no problems, break one thing, and expect exactly the problem codes that thing
 * should raise, with severity, task and field. `COVERED` makes the compiler list every code.
 */
import { describe, expect, it } from 'vitest';
import { makeFeature, mlp } from './defaults';
import { liveStreamingPreset } from './presets';
import type { Project, Task } from './types';
import { hasErrors, trainingBlockers, validateProject, type ProblemCode } from './validate';

function task(project: Project, name: string): Task {
  const found = project.tasks.find((t) => t.name === name);
  if (!found) throw new Error(`no task ${name}`);
  return found;
}

interface Case {
  name: string;
  break: (p: Project) => void;
  codes: ProblemCode[];
  severity?: 'error' | 'warning';
  taskName?: string;
  field?: string;
  message?: string;
}

const CASES: Case[] = [
  { name: 'no tasks', break: (p) => void (p.tasks = []), codes: ['NO_TASKS'] },
  {
    name: 'empty task name',
    break: (p) => void (task(p, 'on_mic_duration').name = ''),
    codes: ['NAME_EMPTY'],
    field: 'name',
  },
  {
    name: 'name not an identifier',
    break: (p) => void (task(p, 'on_mic_duration').name = '2nd task'),
    codes: ['NAME_NOT_IDENTIFIER'],
    taskName: '2nd task',
    message: '"2nd task" is not an identifier',
  },
  {
    name: 'duplicate task name',
    break: (p) => void (task(p, 'on_mic_duration').name = 'view_costtime'),
    codes: ['NAME_DUPLICATE'],
    taskName: 'view_costtime',
  },
  {
    name: 'label missing',
    break: (p) => void (task(p, 'is_view').labelName = ''),
    codes: ['LABEL_MISSING'],
    taskName: 'is_view',
    field: 'labelName',
  },
  {
    name: 'label not a column',
    break: (p) => void (task(p, 'is_view').labelName = 'watched'),
    codes: ['LABEL_NOT_A_COLUMN'],
    message: '"watched"',
  },
  {
    name: 'two tasks read one label',
    break: (p) => void (task(p, 'is_view').labelName = 'is_click'),
    codes: ['LABEL_SHARED'],
    severity: 'warning',
    taskName: 'is_view',
  },
  {
    name: 'relation to an unknown task',
    break: (p) => void (task(p, 'is_view').relationTowerNames = ['ghost']),
    codes: ['RELATION_UNKNOWN'],
    field: 'relationTowerNames',
    message: '"ghost"',
  },
  {
    name: 'relation to itself',
    break: (p) => void (task(p, 'is_view').relationTowerNames = ['is_click', 'is_view']),
    codes: ['RELATION_SELF'],
    taskName: 'is_view',
  },
  {
    name: 'parent listed twice',
    break: (p) => void (task(p, 'is_view').relationTowerNames = ['is_click', 'is_click']),
    codes: ['RELATION_DUPLICATE'],
  },
  {
    // Depth-first from the first task, is_click: its first child is is_view, whose child
    // view_costtime now feeds is_click back; that is the cycle reported.
    name: 'cycle, with its path',
    break: (p) => void (task(p, 'is_click').relationTowerNames = ['view_costtime']),
    codes: ['RELATION_CYCLE'],
    taskName: 'is_click',
    message: 'is_click → is_view → view_costtime → is_click',
  },
  {
    name: 'zero classes',
    break: (p) => void (task(p, 'is_click').numClass = 0),
    codes: ['NUM_CLASS_INVALID'],
  },
  {
    name: 'several classes on a regression task',
    break: (p) => void (task(p, 'view_costtime').numClass = 3),
    codes: ['NUM_CLASS_INVALID'],
    message: 'only CLASSIFICATION',
  },
  {
    name: 'regression metric on a binary task',
    break: (p) => void (task(p, 'is_click').metrics = [{ kind: 'mean_squared_error' }]),
    codes: ['METRIC_MISMATCH'],
    severity: 'warning',
  },
  {
    name: 'AUC on a regression task',
    break: (p) => void (task(p, 'view_costtime').metrics = [{ kind: 'auc', numThresholds: 200 }]),
    codes: ['METRIC_MISMATCH'],
    severity: 'warning',
    message: 'regression',
  },
  {
    name: 'gAUC user column unknown',
    break: (p) =>
      void task(p, 'is_click').metrics.push({ kind: 'gauc', uidField: 'uid', reduction: 'mean' }),
    codes: ['GAUC_UID_UNKNOWN'],
  },
  {
    name: 'negative loss weight',
    break: (p) => void (task(p, 'is_click').weight = -1),
    codes: ['WEIGHT_INVALID'],
  },
  {
    name: 'NaN loss weight',
    break: (p) => void (task(p, 'is_click').weight = Number.NaN),
    codes: ['WEIGHT_INVALID'],
  },
  {
    name: 'task-space indicator not a column',
    break: (p) => void (task(p, 'is_view').taskSpaceIndicatorLabel = 'clk'),
    codes: ['TASK_SPACE_LABEL_UNKNOWN'],
  },
  {
    name: 'negative out-of-space weight',
    break: (p) => void (task(p, 'is_view').outTaskSpaceWeight = -0.5),
    codes: ['TASK_SPACE_WEIGHT_INVALID'],
    field: 'outTaskSpaceWeight',
  },
  {
    name: 'tower without layers',
    break: (p) => void (task(p, 'is_view').dnn = mlp([])),
    codes: ['HIDDEN_UNITS_EMPTY'],
    field: 'dnn.hiddenUnits',
  },
  {
    name: 'a zero-width layer among others',
    break: (p) => void (task(p, 'is_view').dnn = mlp([128, 0])),
    codes: ['HIDDEN_UNITS_INVALID'],
  },
  {
    name: 'a fractional layer width',
    break: (p) => void (task(p, 'is_view').dnn = mlp([1.5])),
    codes: ['HIDDEN_UNITS_INVALID'],
  },
  {
    name: 'absurd layer width',
    break: (p) => void (task(p, 'is_view').relationDnn = mlp([100_000])),
    codes: ['HIDDEN_UNITS_TOO_LARGE'],
    field: 'relationDnn.hiddenUnits',
    message: '100000',
  },
  {
    name: 'dropout shorter than the layers',
    break: (p) => void (task(p, 'is_view').dnn = mlp([128, 96, 64], { dropoutRatio: [0.1] })),
    codes: ['DROPOUT_LENGTH'],
    message: 'one entry per layer (3), found 1',
  },
  {
    name: 'dropout ratio of 1',
    break: (p) => void (p.model.bottomDnn = mlp([512, 256], { dropoutRatio: [0.1, 1] })),
    codes: ['DROPOUT_RANGE'],
    field: 'model.bottomDnn.dropoutRatio',
  },
  {
    name: 'experts with num_expert 0',
    break: (p) => void (p.model.expertDnn = mlp([64])),
    codes: ['EXPERTS_WITHOUT_COUNT'],
    field: 'model.numExpert',
  },
  {
    name: 'num_expert without experts',
    break: (p) => void (p.model.numExpert = 4),
    codes: ['COUNT_WITHOUT_EXPERTS'],
    severity: 'warning',
  },
  {
    name: 'negative L2 regularisation',
    break: (p) => void (p.model.l2Regularization = -1e-6),
    codes: ['REGULARIZATION_INVALID'],
    field: 'model.l2Regularization',
  },
  {
    name: 'no input columns',
    break: (p) => void (p.data.inputFields = []),
    codes: ['NO_INPUT_FIELDS'],
  },
  {
    name: 'duplicate input column',
    break: (p) => void p.data.inputFields.push({ name: 'user_id', type: 'STRING', defaultVal: '' }),
    codes: ['INPUT_FIELD_DUPLICATE'],
  },
  {
    name: 'unnamed input column',
    break: (p) => void p.data.inputFields.push({ name: '', type: 'STRING', defaultVal: '' }),
    codes: ['INPUT_FIELD_EMPTY'],
  },
  { name: 'no features', break: (p) => void (p.features = []), codes: ['NO_FEATURES'] },
  {
    name: 'duplicate feature name',
    break: (p) => void p.features.push({ ...p.features[0]! }),
    codes: ['FEATURE_NAME_DUPLICATE'],
  },
  {
    name: 'feature reads an unknown column',
    break: (p) => void (p.features[0]!.inputName = 'uid'),
    codes: ['FEATURE_INPUT_UNKNOWN'],
  },
  {
    name: 'feature reads a label (leakage)',
    break: (p) => void p.features.push(makeFeature('is_click', { hashBucketSize: 10 })),
    codes: ['FEATURE_IS_LABEL'],
    severity: 'warning',
    message: 'leaks the label',
  },
  {
    name: 'embedded feature without dimension',
    break: (p) => void (p.features[0]!.embeddingDim = 0),
    codes: ['FEATURE_EMBEDDING_DIM'],
  },
  {
    // 1e9 buckets × 16 = 1.6e10 float32 values (64 GB): an extra zero or three.
    name: 'an absurd hash bucket count',
    break: (p) => void (p.features[0]!.hashBucketSize = 1_000_000_000),
    codes: ['EMBEDDING_TOO_LARGE'],
    severity: 'warning',
    field: 'hashBucketSize',
    message: `embedding table of 1,000,000,000 × 16 = 16,000,000,000 values is larger than 50,000,000`,
  },
  {
    name: 'an absurd embedding dimension',
    break: (p) => void (p.features[0]!.embeddingDim = 100_000_000),
    codes: ['EMBEDDING_TOO_LARGE'],
    severity: 'warning',
    field: 'hashBucketSize',
  },
  {
    name: 'an absurd number of buckets',
    break: (p) => void Object.assign(p.features[0]!, { numBuckets: 50_000_000, hashBucketSize: 0 }),
    codes: ['EMBEDDING_TOO_LARGE'],
    severity: 'warning',
    field: 'embeddingDim',
  },
  {
    name: 'id feature without buckets',
    break: (p) => void (p.features[0]!.hashBucketSize = 0),
    codes: ['FEATURE_NO_BUCKETS'],
  },
  {
    name: 'boundaries not increasing',
    break: (p) => void (p.features[2]!.boundaries = [10, 10, 100]),
    codes: ['FEATURE_BOUNDARIES_UNSORTED'],
  },
  {
    name: 'tag feature without separator',
    break: (p) => void (p.features[1]!.separator = ''),
    codes: ['FEATURE_SEPARATOR_EMPTY'],
  },
  {
    name: 'sample-weight column unknown',
    break: (p) => void (p.data.sampleWeight = 'w'),
    codes: ['SAMPLE_WEIGHT_UNKNOWN'],
  },
  {
    name: 'empty separator',
    break: (p) => void (p.data.separator = ''),
    codes: ['SEPARATOR_EMPTY'],
  },
  {
    name: 'batch size 0',
    break: (p) => void (p.data.batchSize = 0),
    codes: ['BATCH_SIZE_INVALID'],
  },
  {
    name: 'learning rate 0',
    break: (p) => void (p.train.learningRate = { kind: 'constant', learningRate: 0 }),
    codes: ['LEARNING_RATE_INVALID'],
  },
  {
    name: 'decay over 0 steps',
    break: (p) =>
      void (p.train.learningRate = {
        kind: 'exponential',
        initialLearningRate: 0.001,
        decaySteps: 0,
        decayFactor: 0.5,
        staircase: true,
        minLearningRate: 0,
      }),
    codes: ['LEARNING_RATE_INVALID'],
  },
];

/** Every code, once; adding a ProblemCode without a row here fails to compile. */
const COVERED = {
  NO_TASKS: true,
  NAME_EMPTY: true,
  NAME_NOT_IDENTIFIER: true,
  NAME_DUPLICATE: true,
  LABEL_MISSING: true,
  LABEL_NOT_A_COLUMN: true,
  LABEL_SHARED: true,
  RELATION_UNKNOWN: true,
  RELATION_SELF: true,
  RELATION_DUPLICATE: true,
  RELATION_CYCLE: true,
  NUM_CLASS_INVALID: true,
  METRIC_MISMATCH: true,
  GAUC_UID_UNKNOWN: true,
  WEIGHT_INVALID: true,
  TASK_SPACE_LABEL_UNKNOWN: true,
  TASK_SPACE_WEIGHT_INVALID: true,
  HIDDEN_UNITS_EMPTY: true,
  HIDDEN_UNITS_INVALID: true,
  HIDDEN_UNITS_TOO_LARGE: true,
  DROPOUT_LENGTH: true,
  DROPOUT_RANGE: true,
  EXPERTS_WITHOUT_COUNT: true,
  COUNT_WITHOUT_EXPERTS: true,
  REGULARIZATION_INVALID: true,
  NO_INPUT_FIELDS: true,
  INPUT_FIELD_DUPLICATE: true,
  INPUT_FIELD_EMPTY: true,
  NO_FEATURES: true,
  FEATURE_NAME_DUPLICATE: true,
  FEATURE_INPUT_UNKNOWN: true,
  FEATURE_IS_LABEL: true,
  FEATURE_EMBEDDING_DIM: true,
  EMBEDDING_TOO_LARGE: true,
  FEATURE_NO_BUCKETS: true,
  FEATURE_BOUNDARIES_UNSORTED: true,
  FEATURE_SEPARATOR_EMPTY: true,
  SAMPLE_WEIGHT_UNKNOWN: true,
  SEPARATOR_EMPTY: true,
  BATCH_SIZE_INVALID: true,
  LEARNING_RATE_INVALID: true,
} satisfies Record<ProblemCode, true>;

describe('validateProject', () => {
  it('finds nothing wrong with the live-streaming preset (the baseline of every row)', () => {
    expect(validateProject(liveStreamingPreset())).toEqual([]);
  });

  it.each(CASES)('$name → $codes', (c) => {
    const project = structuredClone(liveStreamingPreset());
    c.break(project);
    const problems = validateProject(project);
    expect(problems.map((p) => p.code)).toEqual(c.codes);
    const [first] = problems;
    expect(first?.severity).toBe(c.severity ?? 'error');
    if (c.taskName !== undefined) expect(first?.taskName).toBe(c.taskName);
    if (c.field !== undefined) expect(first?.field).toBe(c.field);
    if (c.message !== undefined) expect(first?.message).toContain(c.message);
    expect(hasErrors(problems)).toBe((c.severity ?? 'error') === 'error');
  });

  it('refuses training, not export, for a table only a cluster holds', () => {
    // A production-sized table (100 million hashed ids × 16): EasyRec shards it over parameter
    // servers, a browser tab cannot hold its 6.4 GB of float32.
    const project = structuredClone(liveStreamingPreset());
    project.features[0]!.hashBucketSize = 100_000_000;
    const problems = validateProject(project);
    expect(hasErrors(problems)).toBe(false);
    expect(trainingBlockers(problems).map((p) => p.code)).toEqual(['EMBEDDING_TOO_LARGE']);
    // Errors refuse training too; ordinary warnings do not.
    project.tasks[0]!.dnn = { ...project.tasks[0]!.dnn!, hiddenUnits: [] };
    project.features.push(makeFeature('is_click', { hashBucketSize: 10 }));
    const codes = trainingBlockers(validateProject(project)).map((p) => p.code);
    expect(codes).toContain('HIDDEN_UNITS_EMPTY');
    expect(codes).not.toContain('FEATURE_IS_LABEL');
  });

  it('has a row for every problem code', () => {
    const tested = new Set(CASES.flatMap((c) => c.codes));
    expect(Object.keys(COVERED).filter((code) => !tested.has(code as ProblemCode))).toEqual([]);
  });

  it('accepts hidden_units [0], EasyRec spelling of an identity relation MLP', () => {
    const project = liveStreamingPreset();
    task(project, 'is_view').relationDnn = mlp([0]);
    expect(validateProject(project)).toEqual([]);
  });

  it('names the task by id too, so the editor can select it', () => {
    const project = liveStreamingPreset();
    task(project, 'is_view').labelName = '';
    const [problem] = validateProject(project);
    expect(problem?.taskId).toBe(task(project, 'is_view').id);
  });
});
