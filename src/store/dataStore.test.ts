import { describe, expect, it, vi } from 'vitest';
import { demoProject } from '../core/data/demo';
import { columnsRead, isTemplateProject } from '../core/data/guard';
import { makeFeature, makeTask } from '../core/project/defaults';
import { preset } from '../core/project/presets';
import { parseProjectFile, serializeProject } from '../core/project/restore';
import type { Project } from '../core/project/types';
import { validateProject } from '../core/project/validate';
import { readHere, type ReadFn } from '../worker/readClient';
import {
  createAppDataStore,
  createDataStore,
  encodeForProject,
  newProjectFromFile,
  projectNameFor,
  projectWithSchema,
  samplesCsv,
  samplesFiles,
  trainTable,
  withEvalPath,
  withSamplePaths,
} from './dataStore';
import { createProjectStore } from './projectStore';

const csv = 'user_id,clk,buy,tags,age\nu1,1,1,a|b,30\nu2,0,0,c,40\nu3,1,0,a,50\nu4,0,1,b|c,60\n';
const file = (text: string, name = 'logs.csv') => Object.assign(new Blob([text]), { name });

function store(extra: Parameters<typeof createDataStore>[0] = {}) {
  return createDataStore({ read: readHere, demoRows: 2000, ...extra });
}

describe('dataStore', () => {
  it('starts with the demo data and its schema', () => {
    const s = store().getState();
    expect(s.train).toMatchObject({ name: 'Demo data', source: 'demo' });
    expect(s.train?.table.numRows).toBe(2000);
    expect(s.schema?.columns.find((c) => c.name === 'streamer_tags')?.role).toBe('tag');
  });

  it('loads a file, reports its schema once, and clears the progress', async () => {
    const onSchema = vi.fn();
    const s = store({ onSchema });
    await s.getState().loadFile(file(csv), 'train');
    const state = s.getState();
    expect(state.reading).toBeNull();
    expect(state.error).toBeNull();
    expect(state.train).toMatchObject({ name: 'logs.csv', source: 'file' });
    expect(state.train?.read?.dialect).toMatchObject({ separator: ',', hasHeader: true });
    expect(state.schema?.columns.map((c) => c.role)).toEqual([
      'id',
      'label',
      'label',
      'tag',
      'dense',
    ]);
    expect(onSchema).toHaveBeenCalledTimes(1);
    expect(onSchema.mock.calls[0]?.[2]).toBe('load');
  });

  it('reads again with the user’s dialect choices', async () => {
    const s = store();
    await s.getState().loadFile(file(csv), 'train');
    await s.getState().reread({ dialect: { hasHeader: false } });
    expect(s.getState().train?.table.columns.map((c) => c.name)).toEqual([
      'c0',
      'c1',
      'c2',
      'c3',
      'c4',
    ]);
    expect(s.getState().choices.dialect).toEqual({ hasHeader: false });
  });

  it('cancel stops a read: no error, nothing replaced', async () => {
    let started!: () => void;
    const began = new Promise<void>((resolve) => (started = resolve));
    const slowRead: ReadFn = ({ signal }) =>
      new Promise((_, reject) => {
        started();
        signal.addEventListener('abort', () => reject(new Error('aborted')));
      });
    const s = store({ read: slowRead });
    const reading = s.getState().loadFile(file(csv), 'train');
    await began;
    expect(s.getState().reading).toMatchObject({ name: 'logs.csv', role: 'train' });
    s.getState().cancel();
    await reading;
    expect(s.getState()).toMatchObject({
      reading: null,
      error: null,
      train: { name: 'Demo data' },
    });
  });

  it('a failing read becomes an error message, and state is kept', async () => {
    const failing: ReadFn = () => Promise.reject(new Error('disk on fire'));
    const s = store({ read: failing });
    await s.getState().loadFile(file(csv), 'train');
    expect(s.getState().error).toBe('Could not read logs.csv: disk on fire');
    expect(s.getState().train?.name).toBe('Demo data');
  });

  it('role edits and derived labels go through onSchema as edits', async () => {
    const onSchema = vi.fn();
    const s = store({ onSchema });
    await s.getState().loadFile(file(csv), 'train');
    s.getState().setRole('age', 'id');
    expect(s.getState().schema?.columns.find((c) => c.name === 'age')?.role).toBe('id');
    expect(
      s.getState().addDerived({ kind: 'equals', name: 'u1', source: 'user_id', value: 'u1' }),
    ).toBeNull();
    expect(s.getState().addDerived({ kind: 'equals', name: 'x', source: 'nope', value: '1' })).toBe(
      'No column "nope" to derive "x" from.',
    );
    expect(onSchema.mock.calls.map((c) => c[2])).toEqual(['load', 'edit', 'edit']);
    s.getState().removeDerived('u1');
    expect(s.getState().schema?.columns.some((c) => c.name === 'u1')).toBe(false);
  });

  it('a task on a derived label validates: the derived column is among the input fields', async () => {
    const s = store();
    await s.getState().loadFile(file(csv), 'train');
    s.getState().addDerived({ kind: 'equals', name: 'from_bern', source: 'user_id', value: 'u1' });
    const project = projectWithSchema(demoProject(), s.getState());
    project.tasks = [{ ...project.tasks[0]!, name: 'bern', labelName: 'from_bern' }];
    expect(project.data.inputFields.at(-1)).toEqual({
      name: 'from_bern',
      type: 'INT32',
      defaultVal: '',
    });
    expect(validateProject(project).map((p) => p.code)).not.toContain('LABEL_NOT_A_COLUMN');
    s.getState().setSplit({ kind: 'none' });
    const encoded = encodeForProject(s.getState(), project)!;
    expect([...encoded.train.labels.from_bern!]).toEqual([1, 0, 0, 0]);
  });

  it('a validation file is read with the train columns and becomes the held-out split', async () => {
    const s = store();
    await s.getState().loadFile(file(csv), 'train');
    await s.getState().loadFile(file('u9,1,0,a,33\n', 'val.csv'), 'validation');
    expect(s.getState().validation?.table.columns.map((c) => c.name)).toEqual([
      'user_id',
      'clk',
      'buy',
      'tags',
      'age',
    ]);
    expect(s.getState().split).toEqual({ kind: 'file' });
  });

  it('encodes the demo for the demo project: a seeded 20 % held out', () => {
    const s = store();
    const project = demoProject();
    const result = encodeForProject(s.getState(), project)!;
    expect(result.issues).toEqual([]);
    expect(result.train.numRows + result.validation!.numRows).toBe(2000);
    expect(result.validation!.numRows / 2000).toBeGreaterThan(0.15);
    expect(result.validation!.numRows / 2000).toBeLessThan(0.25);
    expect(result.train.features.map((f) => f.name)).toEqual(project.features.map((f) => f.name));
  });

  it('drops the rows of a chosen edge before encoding', async () => {
    const s = store();
    await s.getState().loadFile(file(csv), 'train');
    const project = projectWithSchema(demoProject(), s.getState());
    project.tasks = [
      { ...project.tasks[0]!, name: 'ctr', labelName: 'clk', relationTowerNames: [] },
      { ...project.tasks[1]!, name: 'cvr', labelName: 'buy', relationTowerNames: ['ctr'] },
    ];
    s.getState().setSplit({ kind: 'none' });
    expect(encodeForProject(s.getState(), project)!.train.numRows).toBe(4);
    // buy = 1 while clk = 0 on u4 only.
    s.getState().setDropEdges(['ctr→cvr']);
    expect(encodeForProject(s.getState(), project)!.train.numRows).toBe(3);
  });
});

describe('dataStore: newcomer findings', () => {
  const headerless = 'u1,1,0,30\nu2,0,0,40\nu3,1,1,50\n';
  const fields = ['user_id', 'clk', 'buy', 'age'];

  it('a headerless file as wide as the project input_fields takes their names', async () => {
    const onSchema = vi.fn();
    const s = store({ fieldNames: () => fields, onSchema });
    await s.getState().loadFile(file(headerless, 'data'), 'train');
    const state = s.getState();
    expect(state.train?.table.columns.map((c) => c.name)).toEqual(fields);
    expect(state.train?.read?.namesFrom).toBe('fields');
    // The choice shows as "from the project's input_fields", so a reread keeps the names.
    expect(state.choices.columnNames).toEqual(fields);
    expect(onSchema.mock.calls[0]?.[0].columns.map((c: { name: string }) => c.name)).toEqual(
      fields,
    );
  });

  it('columns the project declares keep their features: a numeric id stays an id', async () => {
    // 'age' reads as a number by itself; a project (an imported config) declaring an
    // IdFeature for it keeps it an id, and the schema reported to the app says so.
    const project = {
      ...demoProject(),
      features: [makeFeature('age', { type: 'IdFeature', hashBucketSize: 100 })],
    };
    const onSchema = vi.fn();
    const plain = store({ fieldNames: () => fields });
    await plain.getState().loadFile(file(headerless, 'data'), 'train');
    expect(plain.getState().schema?.columns.find((c) => c.name === 'age')?.role).toBe('dense');
    const s = store({ fieldNames: () => fields, declaring: () => project, onSchema });
    await s.getState().loadFile(file(headerless, 'data'), 'train');
    const age = s.getState().schema?.columns.find((c) => c.name === 'age');
    expect(age).toMatchObject({ role: 'id', fieldType: 'STRING' });
    expect(onSchema.mock.calls[0]?.[0].columns.at(-1)).toBe(age);
  });

  it('placeholder names (c0…) or another width do not name the columns', async () => {
    for (const names of [
      ['c0', 'c1', 'c2', 'c3'],
      ['a', 'b', 'c'],
    ]) {
      const s = store({ fieldNames: () => names });
      await s.getState().loadFile(file(headerless, 'data'), 'train');
      expect(s.getState().train?.table.columns.map((c) => c.name)).toEqual([
        'c0',
        'c1',
        'c2',
        'c3',
      ]);
    }
  });

  it('renaming columns reads the validation file again with the new names, split kept', async () => {
    const s = store();
    await s.getState().loadFile(file(headerless, 'train'), 'train');
    await s.getState().loadFile(file('u9,1,1,20\n', 'valid'), 'validation');
    expect(s.getState().split).toEqual({ kind: 'file' });
    await s.getState().reread({ columnNames: fields });
    const state = s.getState();
    expect(state.validation?.name).toBe('valid');
    expect(state.validation?.table.columns.map((c) => c.name)).toEqual(fields);
    expect(state.validation?.table.numRows).toBe(1);
    expect(state.split).toEqual({ kind: 'file' });
  });

  it.each([
    ['a binary file', `\u007fELF\u0000\u0000\u0001\n`.repeat(40), 'NOT_TEXT'],
    ['an empty file', '', 'EMPTY_FILE'],
    ['a header and no rows', 'user,clk\n', 'HEADER_ONLY'],
    ['a file whose every row is bad', 'user,clk,price\nu1;1;2\nu2;0;3\n', 'RAGGED_ROW'],
    ['one line of 20,000 fields', `${'1,'.repeat(19_999)}1\n`, 'TOO_MANY_COLUMNS'],
  ])('refuses %s: nothing replaced, the reason shown', async (_, text, code) => {
    const onSchema = vi.fn();
    const s = store({ onSchema });
    const before = s.getState().train;
    await s.getState().loadFile(file(text, 'x.csv'), 'train');
    expect(s.getState().train).toBe(before);
    expect(onSchema).not.toHaveBeenCalled();
    expect(s.getState().error).toContain(code);
  });

  it('names the bad rows when none could be read', async () => {
    const s = store();
    await s.getState().loadFile(file('user,clk,price\nu1;1;2\nu2;0;3\n', 'x.csv'), 'train');
    expect(s.getState().error).toBe(
      'Could not read x.csv: no row could be read: Expected 3 fields, found 1. ×2 (lines 2, 3) (RAGGED_ROW)',
    );
  });
});

describe('newProjectFromFile', () => {
  it('names the project after the file, keeps its columns and removes the demo tasks', async () => {
    const s = store();
    await s.getState().loadFile(file(csv, 'logs.csv.gz'), 'train');
    const project = newProjectFromFile(demoProject(), s.getState());
    expect(project.name).toBe('logs');
    expect(project.tasks).toEqual([]);
    expect(project.data.inputFields.map((f) => f.name)).toEqual([
      'user_id',
      'clk',
      'buy',
      'tags',
      'age',
    ]);
    expect(projectNameFor('adult.data')).toBe('adult');
    expect(projectNameFor('taobao_test_data')).toBe('taobao_test_data');
  });

  it("replaces the demo's paths with the file's name (an exported config names it)", async () => {
    const demo = demoProject();
    expect(demo.data.trainInputPath).toBe('live_demo.csv');
    const s = store();
    await s.getState().loadFile(file(csv, 'adult.data'), 'train');
    const project = newProjectFromFile(demo, s.getState());
    expect(project.data.trainInputPath).toBe('adult.data');
    expect(project.data.evalInputPath).toBe('');
    expect(project.train.modelDir).toBe('experiments/adult');
    // A validation file names the eval path of such a project, and only of such a project.
    expect(withEvalPath(project, 'adult.test').data.evalInputPath).toBe('adult.test');
    const named = { ...project, data: { ...project.data, evalInputPath: 'hdfs/eval.csv' } };
    expect(withEvalPath(named, 'adult.test')).toBe(named);
  });

  it('names the written samples files once the loaded files no longer fit the config', async () => {
    const s = store();
    await s.getState().loadFile(file(csv, 'logs.csv'), 'train');
    const start = newProjectFromFile(demoProject(), s.getState());
    // logs.csv has a header, commas and 0/1 labels: EasyRec reads it as the config says.
    expect(samplesFiles(s.getState(), start)).toEqual([
      { role: 'train', source: 'logs.csv', written: 'logs_train.csv', reasons: [] },
    ]);
    expect(withSamplePaths(start, s.getState())).toBe(start);

    // A derived label is a column logs.csv lacks: the config names the written files.
    expect(
      s.getState().addDerived({ kind: 'equals', name: 'is_a', source: 'tags', value: 'a' }),
    ).toBeNull();
    await s.getState().loadFile(file('u9,1,0,a,33\n', 'val.csv'), 'validation');
    const project = withSamplePaths(
      withEvalPath(projectWithSchema(start, s.getState()), 'val.csv'),
      s.getState(),
    );
    expect(project.data).toMatchObject({
      trainInputPath: 'logs_train.csv',
      evalInputPath: 'logs_eval.csv',
    });
    expect(samplesFiles(s.getState(), project).map((f) => f.reasons)).toEqual([
      ['column is_a not in it'],
      ['column is_a not in it', 'no header line'],
    ]);
    // The written files: the config's header and columns, derived column filled in.
    const fields = project.data.inputFields.map((f) => f.name).join(',');
    expect(fields).toBe('user_id,clk,buy,tags,age,is_a');
    expect(samplesCsv(s.getState(), project, 'train')?.split('\n').slice(0, 2)).toEqual([
      fields,
      'u1,1,1,a|b,30,0',
    ]);
    expect(samplesCsv(s.getState(), project, 'validation')).toBe(`${fields}\nu9,1,0,a,33,1\n`);

    // Removing the derived label makes the user's own files fit again; a path the user set stays.
    s.getState().removeDerived('is_a');
    const back = withSamplePaths(projectWithSchema(project, s.getState()), s.getState());
    expect(back.data.trainInputPath).toBe('logs.csv');
    const own = { ...project, data: { ...project.data, trainInputPath: 'hdfs://x/train' } };
    expect(withSamplePaths(own, s.getState()).data.trainInputPath).toBe('hdfs://x/train');
  });

  it('reports a read validation file to onValidation', async () => {
    const onValidation = vi.fn();
    const s = store({ onValidation });
    await s.getState().loadFile(file(csv), 'train');
    await s.getState().loadFile(file('u9,1,0,a,33\n', 'val.csv'), 'validation');
    expect(onValidation).toHaveBeenCalledTimes(1);
    expect(onValidation.mock.calls[0]?.[0]).toMatchObject({ name: 'val.csv', source: 'file' });
  });
});

describe('a file loaded over the user’s own project', () => {
  // The Taobao preset renamed stands for an imported config: 17 features over named columns.
  const own = () => ({ ...preset('taobao_ctr_cvr'), name: 'dbmtl_taobao' });
  const taobaoCsv = () => {
    const p = own();
    const names = p.data.inputFields.map((f) => f.name);
    const row = names.map((n, i) => (n === 'clk' || n === 'buy' ? String(i % 2) : `v${i}`));
    return `${names.join(',')}\n${row.join(',')}\n${row.join(',')}\n`;
  };

  async function setup(initial = own()) {
    const projects = createProjectStore(initial);
    const data = createAppDataStore(projects, { read: readHere, demoRows: 0 });
    return { projects, data };
  }

  it('holds back a file lacking the project’s columns; the choice replaces, undo restores', async () => {
    const { projects, data } = await setup();
    await data.getState().loadFile(file(taobaoCsv(), 'taobao.csv'), 'train');
    const before = projects.getState().project;
    expect(before.features.length).toBeGreaterThanOrEqual(17);
    expect(data.getState().train?.name).toBe('taobao.csv');

    await data.getState().loadFile(file('a,b,c\n1,x,2\n', 'broken.csv'), 'train');
    const s = data.getState();
    expect(s.pending?.missing).toEqual(columnsRead(before));
    const read = columnsRead(before);
    expect(read.length).toBeGreaterThanOrEqual(17);
    expect(s.pending?.message).toContain(
      `broken.csv lacks ${read.length} columns the project reads: ${read.slice(0, 12).join(', ')} and ${read.length - 12} more.`,
    );
    expect(s.train?.name).toBe('taobao.csv');
    expect(s.schema?.columns.map((c) => c.name)).toContain('user_id');
    expect(projects.getState().project).toBe(before);

    // "Keep my project" drops the held-back file.
    data.getState().keepProject();
    expect(data.getState().pending).toBeNull();
    expect(data.getState().train?.name).toBe('taobao.csv');
    expect(projects.getState().project).toBe(before);

    // Loaded again and replaced: the project's features follow the file; undo restores them.
    await data.getState().loadFile(file('a,b,c\n1,x,2\n', 'broken.csv'), 'train');
    data.getState().replaceWithPending();
    expect(data.getState().pending).toBeNull();
    expect(data.getState().train?.name).toBe('broken.csv');
    const replaced = projects.getState().project;
    expect(replaced.data.inputFields.map((f) => f.name)).toEqual(['a', 'b', 'c']);
    expect(replaced.features.map((f) => f.inputName).sort()).toEqual(['a', 'b', 'c']);
    projects.getState().undo();
    expect(projects.getState().project).toBe(before);
  });

  it('loads a file that has every column the project reads, roles kept', async () => {
    const { projects, data } = await setup();
    await data.getState().loadFile(file(taobaoCsv(), 'taobao.csv'), 'train');
    const before = projects.getState().project;
    // The same columns and one more.
    const [header, ...rows] = taobaoCsv().trim().split('\n');
    const widened = [`${header},extra`, ...rows.map((r, i) => `${r},${i}`), ''].join('\n');
    await data.getState().loadFile(file(widened, 'wider.csv'), 'train');
    expect(data.getState().pending).toBeNull();
    expect(data.getState().train?.name).toBe('wider.csv');
    const after = projects.getState().project;
    for (const f of before.features)
      expect(after.features.find((g) => g.inputName === f.inputName)?.type).toBe(f.type);
    expect(after.tasks).toEqual(before.tasks);
  });

  it('lets a file reshape the untouched demo project and presets, not an edited one', async () => {
    expect(isTemplateProject(demoProject())).toBe(true);
    expect(isTemplateProject(preset('taobao_ctr_cvr'))).toBe(true);
    expect(isTemplateProject(own())).toBe(false);
    const edited = demoProject();
    edited.tasks = edited.tasks.slice(0, 2);
    expect(isTemplateProject(edited)).toBe(false);

    // Over the demo project, a file starts a new project at once (no choice asked).
    const { projects, data } = await setup(demoProject());
    await data.getState().loadFile(file(csv), 'train');
    expect(data.getState().pending).toBeNull();
    expect(projects.getState().project.name).toBe('logs');
    // Unchanged since, it holds no work of the user: the next file reshapes it too.
    await data.getState().loadFile(file('a,b\n1,2\n', 'other.csv'), 'train');
    expect(data.getState().pending).toBeNull();
    expect(projects.getState().project.features.map((f) => f.inputName)).toEqual(['a', 'b']);
    // Once the user edits it, it is theirs: a file lacking its columns is held back.
    const mine = { ...projects.getState().project, name: 'mine' };
    projects.getState().replaceProject(mine);
    await data.getState().loadFile(file(csv), 'train');
    expect(data.getState().pending?.missing).toEqual(['a', 'b']);
    expect(data.getState().train?.name).toBe('other.csv');
    expect(projects.getState().project).toBe(mine);
  });

  it('a reread of the loaded file with other names goes through', async () => {
    const { projects, data } = await setup(demoProject());
    await data.getState().loadFile(file('1,u1,3.5\n0,u2,4.5\n1,u3,1.5\n', 'plain.csv'), 'train');
    expect(projects.getState().project.name).toBe('plain');
    await data.getState().reread({ columnNames: ['clk', 'user_id', 'price'] });
    expect(data.getState().pending).toBeNull();
    expect(data.getState().train?.table.columns.map((c) => c.name)).toEqual([
      'clk',
      'user_id',
      'price',
    ]);
  });
});

describe('derived labels are part of the project', () => {
  // Adult-like records as adult.data writes them: no header, ", " between cells.
  const adultRows = [
    '39, State-gov, Never-married, 40, <=50K',
    '50, Self-emp-not-inc, Married-civ-spouse, 13, <=50K',
    '38, Private, Divorced, 40, <=50K',
    '28, Private, Never-married, 40, >50K',
    '37, Private, Married-civ-spouse, 40, >50K',
    '31, Private, Never-married, 50, >50K',
    '',
  ].join('\n');
  const names = ['age', 'workclass', 'marital-status', 'hours-per-week', 'income'];
  const rule = {
    kind: 'equals',
    name: 'never_married',
    source: 'marital-status',
    value: 'Never-married',
  } as const;
  /** never_married by hand from the rows above: 1 where marital-status is Never-married. */
  const NEVER_MARRIED = [1, 0, 0, 1, 0, 1];

  /** A user's Adult project: the columns named, never_married derived, two tasks on labels. */
  async function adultProject() {
    const projects = createProjectStore(demoProject());
    const data = createAppDataStore(projects, { read: readHere, demoRows: 0 });
    await data.getState().loadFile(file(adultRows, 'adult.data'), 'train');
    await data.getState().reread({ columnNames: names });
    // marital-status leaves the inputs: the project reads it only through never_married.
    data.getState().setRole('marital-status', 'ignore');
    const before = projects.getState().past.length;
    expect(data.getState().addDerived(rule)).toBeNull();
    // One undoable change: the column and its rule.
    expect(projects.getState().past.length).toBe(before + 1);
    expect(projects.getState().project.data.derivedLabels).toEqual([rule]);
    for (const label of ['never_married', 'income'])
      projects.getState().apply({ type: 'addTask', task: makeTask(label) });
    return { projects, data };
  }

  it('adding and removing a derived label writes its rule into the project, undoably', async () => {
    const { projects, data } = await adultProject();
    const withRule = projects.getState().project;
    expect(withRule.data.inputFields.at(-1)?.name).toBe('never_married');
    data.getState().removeDerived('never_married');
    expect(projects.getState().project.data.derivedLabels).toEqual([]);
    projects.getState().undo();
    expect(projects.getState().project).toBe(withRule);
  });

  it('a reloaded project takes the same file again: the rule is applied, nothing held back', async () => {
    const { projects } = await adultProject();
    // As a reload (or the saved file opened elsewhere) brings it back.
    const restored = parseProjectFile(serializeProject(projects.getState().project));
    expect(restored).toMatchObject({ ok: true, notes: [] });
    if (!restored.ok) return;
    expect(restored.project.data.derivedLabels).toEqual([rule]);
    // A fresh app: the demo samples loaded, the saved project in the editor.
    const reloaded = createProjectStore(restored.project);
    const data = createAppDataStore(reloaded, { read: readHere, demoRows: 200 });
    await data.getState().loadFile(file(adultRows, 'adult.data'), 'train');
    const state = data.getState();
    expect(state.pending).toBeNull();
    expect(state.error).toBeNull();
    expect(state.train?.name).toBe('adult.data');
    // The headerless file takes the project's names (not never_married, which it lacks).
    expect(state.train?.table.columns.map((c) => c.name)).toEqual(names);
    expect(state.schema?.columns.find((c) => c.name === 'never_married')).toMatchObject({
      role: 'label',
      derived: rule,
    });
    const project = reloaded.getState().project;
    expect(project.data.derivedLabels).toEqual([rule]);
    expect(project.data.inputFields.map((f) => f.name)).toContain('never_married');
    expect(validateProject(project).map((p) => p.code)).not.toContain('LABEL_NOT_A_COLUMN');
    expect(trainTable(state)?.columns.map((c) => c.name)).toContain('never_married');
    data.getState().setSplit({ kind: 'none' });
    expect([...encodeForProject(data.getState(), project)!.train.labels.never_married!]).toEqual(
      NEVER_MARRIED,
    );
  });

  it('a column the user ignored stays ignored when the file is read again or after a reload', async () => {
    const { projects, data } = await adultProject();
    const inputs = (p: Project) => p.features.map((f) => f.inputName);
    expect(inputs(projects.getState().project)).not.toContain('marital-status');
    // The same file read again (the separator chosen by hand: the same one).
    await data.getState().reread({ dialect: { separator: ',' } });
    expect(data.getState().schema?.columns.find((c) => c.name === 'marital-status')?.role).toBe(
      'ignore',
    );
    expect(inputs(projects.getState().project)).not.toContain('marital-status');
    // Saved, reloaded, and the file loaded again.
    const restored = parseProjectFile(serializeProject(projects.getState().project));
    if (!restored.ok) throw new Error(restored.message);
    const reloaded = createProjectStore(restored.project);
    const again = createAppDataStore(reloaded, { read: readHere, demoRows: 200 });
    await again.getState().loadFile(file(adultRows, 'adult.data'), 'train');
    expect(again.getState().pending).toBeNull();
    expect(inputs(reloaded.getState().project)).not.toContain('marital-status');
    expect(inputs(reloaded.getState().project)).toEqual(inputs(restored.project));
  });

  it('a file lacking the rule’s source column is held back, naming that column', async () => {
    const { projects } = await adultProject();
    const mine = projects.getState().project;
    const data = createAppDataStore(projects, { read: readHere, demoRows: 0 });
    const lacking = 'age,workclass,hours-per-week,income\n39,State-gov,40,<=50K\n';
    await data.getState().loadFile(file(lacking, 'other.csv'), 'train');
    expect(data.getState().pending?.missing).toEqual(['marital-status']);
    expect(data.getState().pending?.message).toContain(
      'other.csv lacks 1 column the project reads: marital-status.',
    );
    expect(projects.getState().project).toBe(mine);
  });

  it('a reread that loses the rule’s source keeps the rule; the right reread brings it back', async () => {
    // The same records with a header and ";" between cells: the reader finds the separator.
    const semicolons = [names.join(';'), ...adultRows.trim().split('\n')]
      .map((line) => line.replace(/, /g, ';'))
      .join('\n');
    const projects = createProjectStore(demoProject());
    const data = createAppDataStore(projects, { read: readHere, demoRows: 0 });
    await data.getState().loadFile(file(semicolons, 'adult.csv'), 'train');
    expect(data.getState().train?.table.columns.map((c) => c.name)).toEqual(names);
    expect(data.getState().addDerived(rule)).toBeNull();
    projects.getState().apply({ type: 'addTask', task: makeTask('never_married') });

    // A wrong separator: one column, named by the whole header line; no marital-status.
    await data.getState().reread({ dialect: { separator: ',' } });
    expect(data.getState().train?.table.columns.map((c) => c.name)).toEqual([names.join(';')]);
    expect(data.getState().schema?.columns.some((c) => c.derived)).toBe(false);
    // The rule stays in the project, not applied (no never_married among the input fields).
    expect(projects.getState().project.data.derivedLabels).toEqual([rule]);
    expect(projects.getState().project.data.inputFields.map((f) => f.name)).toEqual([
      names.join(';'),
    ]);
    // An edit meanwhile (a role) does not drop it either.
    data.getState().setRole(names.join(';'), 'ignore');
    expect(projects.getState().project.data.derivedLabels).toEqual([rule]);

    // The right separator again: the derived column is back, as the user made it.
    await data.getState().reread({ dialect: { separator: ';' } });
    expect(data.getState().schema?.columns.at(-1)).toMatchObject({
      name: 'never_married',
      role: 'label',
      derived: rule,
    });
    const project = projects.getState().project;
    expect(project.data.derivedLabels).toEqual([rule]);
    expect(project.data.inputFields.map((f) => f.name)).toEqual([...names, 'never_married']);
    data.getState().setSplit({ kind: 'none' });
    expect([...encodeForProject(data.getState(), project)!.train.labels.never_married!]).toEqual(
      NEVER_MARRIED,
    );
  });

  it('a header read from a headerless file keeps the rule; unchecking it brings it back', async () => {
    const { projects, data } = await adultProject();
    // The first record read as names: 39, State-gov, Never-married, 40, <=50K.
    await data.getState().reread({ dialect: { hasHeader: true } });
    expect(data.getState().train?.table.columns.map((c) => c.name)).not.toContain('marital-status');
    expect(projects.getState().project.data.derivedLabels).toEqual([rule]);
    await data.getState().reread({ dialect: { hasHeader: false } });
    expect(data.getState().train?.table.columns.map((c) => c.name)).toEqual(names);
    expect(data.getState().schema?.columns.at(-1)).toMatchObject({ derived: rule });
    expect(projects.getState().project.data.derivedLabels).toEqual([rule]);
    // Undo goes back one load at a time, each with the rule.
    projects.getState().undo();
    expect(projects.getState().project.data.derivedLabels).toEqual([rule]);
  });

  it('removing the derived label still removes its rule, in one undoable step', async () => {
    const { projects, data } = await adultProject();
    await data.getState().reread({ dialect: { hasHeader: true } });
    await data.getState().reread({ dialect: { hasHeader: false } });
    const before = projects.getState().past.length;
    const withRule = projects.getState().project;
    data.getState().removeDerived('never_married');
    expect(projects.getState().project.data.derivedLabels).toEqual([]);
    expect(projects.getState().project.data.inputFields.map((f) => f.name)).toEqual(names);
    expect(projects.getState().past.length).toBe(before + 1);
    // The next edit does not bring it back.
    data.getState().setRole('age', 'ignore');
    expect(projects.getState().project.data.derivedLabels).toEqual([]);
    projects.getState().undo();
    projects.getState().undo();
    expect(projects.getState().project).toBe(withRule);
  });

  it('a rule waiting for its source can be removed too, in one step', async () => {
    const { projects, data } = await adultProject();
    await data.getState().reread({ dialect: { hasHeader: true } });
    const before = projects.getState().past.length;
    data.getState().removeDerived('never_married');
    expect(projects.getState().project.data.derivedLabels).toEqual([]);
    expect(projects.getState().past.length).toBe(before + 1);
    // Removed by the user: the right reread does not bring it back.
    await data.getState().reread({ dialect: { hasHeader: false } });
    expect(data.getState().schema?.columns.some((c) => c.derived)).toBe(false);
    expect(projects.getState().project.data.derivedLabels).toEqual([]);
  });

  it('a new derived label may not clash with a rule waiting for its source', async () => {
    const { projects, data } = await adultProject();
    await data.getState().reread({ dialect: { hasHeader: true } });
    // The misread file's columns include "State-gov" and "Never-married".
    const from = (source: string, name: string) =>
      data.getState().addDerived({ kind: 'equals', name, source, value: 'x' });
    expect(from('State-gov', 'never_married')).toMatch(/never_married.*marital-status/);
    expect(from('State-gov', 'marital-status')).toMatch(/marital-status/);
    expect(projects.getState().project.data.derivedLabels).toEqual([rule]);
    expect(from('State-gov', 'state_gov')).toBeNull();
    expect(projects.getState().project.data.derivedLabels.map((r) => r.name)).toEqual([
      'never_married',
      'state_gov',
    ]);
  });

  it('“Replace with this file”: a file lacking the source keeps the rule for a later file', async () => {
    const { projects, data } = await adultProject();
    const lacking = 'age,workclass,hours-per-week,income\n39,State-gov,40,<=50K\n';
    await data.getState().loadFile(file(lacking, 'other.csv'), 'train');
    expect(data.getState().pending?.missing).toEqual(['marital-status']);
    data.getState().replaceWithPending();
    expect(data.getState().train?.name).toBe('other.csv');
    expect(projects.getState().project.data.derivedLabels).toEqual([rule]);
    expect(projects.getState().project.data.inputFields.map((f) => f.name)).not.toContain(
      'never_married',
    );
    // A later file with marital-status gets never_married again.
    const withHeader = [names.join(','), ...adultRows.trim().split('\n')].join('\n');
    await data.getState().loadFile(file(withHeader, 'adult.csv'), 'train');
    expect(data.getState().pending).toBeNull();
    expect(data.getState().schema?.columns.at(-1)).toMatchObject({ derived: rule });
    expect(projects.getState().project.data.inputFields.at(-1)?.name).toBe('never_married');
    // Undo goes back to the replaced project, rule and all.
    projects.getState().undo();
    expect(projects.getState().project.data.derivedLabels).toEqual([rule]);
  });

  it('a reread of the loaded file keeps the derived labels', async () => {
    const { projects, data } = await adultProject();
    await data.getState().reread({ dialect: { separator: ',' }, onBadRow: 'stop' });
    expect(data.getState().pending).toBeNull();
    expect(data.getState().choices.onBadRow).toBe('stop');
    expect(data.getState().schema?.columns.at(-1)).toMatchObject({ name: 'never_married' });
    expect(projects.getState().project.data.derivedLabels).toEqual([rule]);
    expect(projects.getState().project.data.inputFields.map((f) => f.name)).toEqual([
      ...names,
      'never_married',
    ]);
    // The bare store (no project) keeps its own.
    const s = store();
    await s.getState().loadFile(file(csv), 'train');
    s.getState().addDerived({ kind: 'equals', name: 'is_a', source: 'tags', value: 'a' });
    await s.getState().reread({ missingTokens: ['NA'] });
    expect(s.getState().schema?.columns.find((c) => c.name === 'is_a')?.derived?.source).toBe(
      'tags',
    );
  });
});
