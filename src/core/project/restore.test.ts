import { describe, expect, it } from 'vitest';
import { liveStreamingPreset, preset, PRESET_NAMES } from './presets';
import { parseProjectFile, restoreProject, serializeProject } from './restore';

type Json = Record<string, unknown>;
type Edit = (project: Json) => void;

/** The live-streaming preset as saved JSON, edited by `edit`, then restored. */
function restoreEdited(edit: Edit) {
  const project = JSON.parse(JSON.stringify(liveStreamingPreset())) as Json;
  edit(project);
  return restoreProject(project, 'live.json');
}

const task = (p: Json, name: string) => (p.tasks as Json[]).find((t) => t.name === name) as Json;
const section = (p: Json, key: string) => p[key] as Json;
const feature = (p: Json, i: number) => (p.features as Json[])[i] as Json;

/** UCI Adult's derived label, as the Data tab makes it. */
const NEVER_MARRIED = {
  kind: 'equals',
  name: 'never_married',
  source: 'marital-status',
  value: 'Never-married',
} as const;

const LOSS_LIST = 'CLASSIFICATION, L2_LOSS, SIGMOID_L2_LOSS, BINARY_CROSS_ENTROPY_LOSS';

describe('restoreProject refuses wrong types and unknown enum values, naming task and field', () => {
  it.each<[string, Edit, string]>([
    [
      'an unknown loss type',
      (p) => (task(p, 'is_view').lossType = 'FOO'),
      `task "is_view": lossType must be one of ${LOSS_LIST}; found "FOO"`,
    ],
    [
      'a weight given as text',
      (p) => (task(p, 'is_on_mic').weight = 'abc'),
      'task "is_on_mic": weight must be a number; found "abc"',
    ],
    [
      'text among hidden units',
      (p) => ((task(p, 'is_click').dnn as Json).hiddenUnits = [128, 64, 'abc']),
      'task "is_click": dnn.hiddenUnits[2] must be a number; found "abc"',
    ],
    [
      "the activation EasyRec cannot resolve ('linear')",
      (p) => ((task(p, 'is_click').relationDnn as Json).activation = 'linear'),
      'task "is_click": relationDnn.activation must be one of tf.nn.relu, relu',
    ],
    [
      'batch norm as a string',
      (p) => ((task(p, 'is_view').dnn as Json).useBn = 'yes'),
      'task "is_view": dnn.useBn must be true or false; found "yes"',
    ],
    [
      'an MLP that is a number',
      (p) => (task(p, 'is_view').dnn = 5),
      'task "is_view": dnn must be an object; found 5',
    ],
    [
      'an unknown metric',
      (p) => (task(p, 'is_click').metrics = [{ kind: 'logloss' }]),
      'task "is_click": metrics[0].kind must be one of auc, gauc, mean_squared_error',
    ],
    [
      'AUC thresholds as text',
      (p) => (task(p, 'is_click').metrics = [{ kind: 'auc', numThresholds: '200' }]),
      'task "is_click": metrics[0].numThresholds must be a number; found "200"',
    ],
    [
      'an unknown gAUC reduction',
      (p) =>
        (task(p, 'is_click').metrics = [
          { kind: 'gauc', uidField: 'user_id', reduction: 'median' },
        ]),
      'task "is_click": metrics[0].reduction must be one of mean, mean_by_sample_num, mean_by_positive_num; found "median"',
    ],
    [
      'a parent that is not a name',
      (p) => (task(p, 'is_view').relationTowerNames = [1]),
      'task "is_view": relationTowerNames[0] must be a string; found 1',
    ],
    [
      'a position that is not a number',
      (p) => (task(p, 'is_view').position = { x: 'left', y: 0 }),
      'task "is_view": position.x must be a number; found "left"',
    ],
    [
      'a task that is not an object',
      (p) => ((p.tasks as unknown[])[1] = 'is_view'),
      'tasks[1] must be an object; found "is_view"',
    ],
    [
      'a task without a name',
      (p) => delete (p.tasks as Json[])[2]!.name,
      'tasks[2]: name is missing',
    ],
    [
      'a task name that is a number',
      (p) => ((p.tasks as Json[])[0]!.name = 7),
      'tasks[0].name must be a string; found 7',
    ],
    ['tasks that are not a list', (p) => (p.tasks = 3), 'tasks must be a list; found 3'],
    ['no tasks at all', (p) => delete p.tasks, 'tasks is missing'],
    [
      'an unknown loss weight strategy',
      (p) => (section(p, 'model').lossWeightStrategy = 'Dynamic'),
      'model.lossWeightStrategy must be one of Fixed, Uncertainty, Random; found "Dynamic"',
    ],
    [
      'a null expert count',
      (p) => (section(p, 'model').numExpert = null),
      'model.numExpert must be a number; found null',
    ],
    [
      'a bottom MLP with dropout as text',
      (p) => ((section(p, 'model').bottomDnn as Json).dropoutRatio = '0.1'),
      'model.bottomDnn.dropoutRatio must be a list; found "0.1"',
    ],
    [
      'an unknown feature type',
      (p) => (feature(p, 0).type = 'SeqFeature'),
      'feature "user_id": type must be one of IdFeature, RawFeature, TagFeature; found "SeqFeature"',
    ],
    [
      'a vocabulary of numbers',
      (p) => (feature(p, 1).vocabList = [1, 2]),
      'feature "streamer_tags": vocabList[0] must be a string; found 1',
    ],
    [
      'a feature without its column',
      (p) => delete feature(p, 2).inputName,
      'features[2]: inputName is missing',
    ],
    [
      'an unknown combiner',
      (p) => (feature(p, 1).combiner = 'max'),
      'feature "streamer_tags": combiner must be one of sum, mean; found "max"',
    ],
    [
      'an unknown column type',
      (p) => ((section(p, 'data').inputFields as Json[])[1]!.type = 'INT8'),
      'data.inputFields[1].type must be one of INT32, INT64, STRING, FLOAT, DOUBLE, BOOL; found "INT8"',
    ],
    [
      'a batch size as text',
      (p) => (section(p, 'data').batchSize = '512'),
      'data.batchSize must be a number; found "512"',
    ],
    [
      'a header flag as text',
      (p) => (section(p, 'data').withHeader = 'true'),
      'data.withHeader must be true or false; found "true"',
    ],
    [
      'derived labels that are not a list',
      (p) => (section(p, 'data').derivedLabels = 'never_married'),
      'data.derivedLabels must be a list; found "never_married"',
    ],
    [
      'a derived label of an unknown kind',
      (p) => (section(p, 'data').derivedLabels = [{ ...NEVER_MARRIED, kind: 'above' }]),
      'data.derivedLabels[0].kind must be one of equals; found "above"',
    ],
    [
      'a derived label without a name',
      (p) => (section(p, 'data').derivedLabels = [{ ...NEVER_MARRIED, name: '' }]),
      'data.derivedLabels[0].name must be a column name (not empty, no spaces around it); found ""',
    ],
    [
      'a derived label named with spaces around it',
      (p) => (section(p, 'data').derivedLabels = [{ ...NEVER_MARRIED, name: ' never_married' }]),
      'data.derivedLabels[0].name must be a column name (not empty, no spaces around it); found " never_married"',
    ],
    [
      'a derived label without its source column',
      (p) =>
        (section(p, 'data').derivedLabels = [
          { kind: 'equals', name: 'never_married', value: 'Never-married' },
        ]),
      'data.derivedLabels[0].source is missing',
    ],
    [
      'a derived label whose value is a number',
      (p) => (section(p, 'data').derivedLabels = [{ ...NEVER_MARRIED, value: 1 }]),
      'data.derivedLabels[0].value must be a string; found 1',
    ],
    [
      'two derived labels of one name',
      (p) =>
        (section(p, 'data').derivedLabels = [
          NEVER_MARRIED,
          { ...NEVER_MARRIED, value: 'Divorced' },
        ]),
      'data.derivedLabels[1].name repeats "never_married" (data.derivedLabels[0].name)',
    ],
    [
      'a derived label named as its source',
      (p) => (section(p, 'data').derivedLabels = [{ ...NEVER_MARRIED, name: 'marital-status' }]),
      'data.derivedLabels[0].name must differ from its source column ("marital-status")',
    ],
    [
      'a derived label made from another derived label',
      (p) =>
        (section(p, 'data').derivedLabels = [
          NEVER_MARRIED,
          { kind: 'equals', name: 'married', source: 'never_married', value: '0' },
        ]),
      'data.derivedLabels[1].source must be a file column, not the derived label "never_married"',
    ],
    [
      'an unknown learning-rate schedule',
      (p) => (section(p, 'train').learningRate = { kind: 'cosine' }),
      'train.learningRate.kind must be one of constant, exponential; found "cosine"',
    ],
    [
      'a learning rate as text',
      (p) => (section(p, 'train').learningRate = { kind: 'constant', learningRate: 'fast' }),
      'train.learningRate.learningRate must be a number; found "fast"',
    ],
    [
      'a seed that is a boolean',
      (p) => (section(p, 'train').seed = true),
      'train.seed must be a number; found true',
    ],
    [
      'a train section that is a list',
      (p) => (p.train = []),
      'train must be an object; found a list',
    ],
  ])('%s', (_name, edit, message) => {
    const result = restoreEdited(edit);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.message).toContain(`live.json: ${message}`);
  });
});

describe('restoreProject fills defaults for missing fields and says so', () => {
  it.each<[string, Edit, (p: ReturnType<typeof liveStreamingPreset>) => unknown, unknown, string]>([
    [
      'a missing weight becomes 1',
      (p) => delete task(p, 'is_view').weight,
      (p) => p.tasks[1]!.weight,
      1,
      'task "is_view": weight',
    ],
    [
      'a missing tower MLP becomes the default [128, 96, 64]',
      (p) => delete task(p, 'is_view').dnn,
      (p) => p.tasks[1]!.dnn?.hiddenUnits,
      [128, 96, 64],
      'task "is_view": dnn',
    ],
    [
      "a regression task's missing metrics become MSE",
      (p) => delete task(p, 'view_costtime').metrics,
      (p) => p.tasks[2]!.metrics,
      [{ kind: 'mean_squared_error' }],
      'task "view_costtime": metrics',
    ],
    [
      'a missing label column becomes the task name',
      (p) => delete task(p, 'is_on_mic').labelName,
      (p) => p.tasks[3]!.labelName,
      'is_on_mic',
      'task "is_on_mic": labelName',
    ],
    [
      'a missing activation becomes ReLU',
      (p) => delete (task(p, 'is_click').relationDnn as Json).activation,
      (p) => p.tasks[0]!.relationDnn?.activation,
      'tf.nn.relu',
      'task "is_click": relationDnn.activation',
    ],
    [
      'a missing model section takes the model defaults',
      (p) => delete p.model,
      (p) => p.model.l2Regularization,
      1e-4,
      'model',
    ],
    [
      "a feature's missing name becomes its column",
      (p) => delete feature(p, 0).name,
      (p) => p.features[0]!.name,
      'user_id',
      'feature "user_id": name',
    ],
  ])('%s', (_name, edit, pick, expected, note) => {
    const result = restoreEdited(edit);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(pick(result.project)).toEqual(expected);
    expect(result.notes.join(' ')).toContain(`Filled defaults for missing fields: ${note}`);
  });

  it('fills ids and positions without a note (they are the app’s bookkeeping)', () => {
    const result = restoreEdited((p) => {
      delete task(p, 'is_view').id;
      delete task(p, 'is_view').position;
    });
    expect(result.ok && result.notes).toEqual([]);
    expect(result.ok && result.project.tasks[1]!.position).toEqual({ x: 0, y: 0 });
    expect(result.ok && result.project.tasks[1]!.id).toMatch(/^t/);
  });

  it('ignores unknown fields and lists them', () => {
    const result = restoreEdited((p) => {
      task(p, 'is_view').colour = 'red';
      section(p, 'train').epochs = 3;
    });
    expect(result.ok && result.notes).toEqual([
      'Ignored unknown fields: task "is_view": colour; train.epochs.',
    ]);
  });

  it('gives a task whose id repeats another one a new id', () => {
    const result = restoreEdited((p) => (task(p, 'is_view').id = task(p, 'is_click').id));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const ids = new Set(result.project.tasks.map((t) => t.id));
    expect(ids.size).toBe(5);
    expect(result.notes).toEqual([
      'task "is_view": its id repeated another task\'s; it was given a new one.',
    ]);
  });

  it('names at most six fields in a note, then counts the rest', () => {
    const result = restoreEdited((p) => {
      for (const t of p.tasks as Json[]) delete t.weight;
      for (const t of p.tasks as Json[]) delete t.useSampleWeight;
    });
    expect(result.ok && result.notes[0]).toMatch(/: (.+; ){5}[^;]+ and 4 more\.$/);
  });
});

describe('derived labels in the project', () => {
  it('round-trip through a project file unchanged, with no notes', () => {
    const project = liveStreamingPreset();
    project.data.derivedLabels = [
      { ...NEVER_MARRIED },
      { kind: 'equals', name: 'rich', source: 'income', value: '>50K' },
    ];
    expect(parseProjectFile(serializeProject(project))).toEqual({ ok: true, project, notes: [] });
  });

  it('a file saved before they were kept opens with none, and nothing said', () => {
    const result = restoreEdited((p) => delete section(p, 'data').derivedLabels);
    expect(result).toMatchObject({ ok: true, notes: [] });
    expect(result.ok && result.project.data.derivedLabels).toEqual([]);
    // The format version did not change: such a file says version 1, as new ones do.
    const text = serializeProject(liveStreamingPreset());
    expect(JSON.parse(text)).toMatchObject({ version: 1 });
  });

  it('an unknown field of a rule is ignored and listed', () => {
    const result = restoreEdited(
      (p) => (section(p, 'data').derivedLabels = [{ ...NEVER_MARRIED, colour: 'red' }]),
    );
    expect(result.ok && result.notes).toEqual([
      'Ignored unknown fields: data.derivedLabels[0].colour.',
    ]);
    expect(result.ok && result.project.data.derivedLabels).toEqual([NEVER_MARRIED]);
  });
});

describe('project files', () => {
  it.each(PRESET_NAMES)('the %s preset round-trips unchanged, with no notes', (name) => {
    const project = preset(name);
    const result = parseProjectFile(serializeProject(project));
    expect(result).toEqual({ ok: true, project, notes: [] });
  });

  it('refuses the malformed file of the user report with the field and task named', () => {
    const project = JSON.parse(JSON.stringify(liveStreamingPreset())) as Json;
    task(project, 'view_costtime').lossType = 'FOO';
    task(project, 'is_on_mic').weight = 'abc';
    const text = JSON.stringify({ kind: 'dbmtl-studio-project', version: 1, project });
    const result = parseProjectFile(text, 'proj-malformed.json');
    // The first wrong field in file order is named; the file changes nothing.
    expect(result).toEqual({
      ok: false,
      message: `proj-malformed.json: task "view_costtime": lossType must be one of ${LOSS_LIST}; found "FOO".`,
    });
  });

  it('names the line and column of a JSON syntax error, not only its character offset', () => {
    // Offset 18 is the "2" of line 3 ('  "b" 2'), column 7: counted by hand.
    const result = parseProjectFile('{\n  "a": 1,\n  "b" 2\n}', 'x.json');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    // V8 in Node names the offset; newer engines name line and column themselves.
    expect(result.message).toMatch(/^x\.json is not valid JSON: .*\(line 3,? column 7\)\.$/);
    // A file cut off says so, with no position to convert.
    expect(parseProjectFile('', 'empty.json')).toEqual({
      ok: false,
      message: 'empty.json is not valid JSON: Unexpected end of JSON input.',
    });
  });
});
