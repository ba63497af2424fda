import { describe, expect, it } from 'vitest';
import { makeFeature, inputField, makeTask } from '../project/defaults';
import { liveStreamingPreset } from '../project/presets';
import {
  boundariesFor,
  bucketsFor,
  featureFor,
  schemaToProject,
  withDeclaredRoles,
} from './features';
import { inferLabel, labelValue } from './labels';
import { addDerivedLabel, inferSchema, setRole, type Schema } from './schema';
import { columnStats } from './stats';
import { tableFromRows } from './table';

function col(schema: Schema, name: string) {
  const c = schema.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
}

describe('columnStats', () => {
  it('counts missing, distinct, numbers and deciles (by hand)', () => {
    // Values 1..10 plus two missing cells: mean 5.5; lower deciles are 1, 2, …, 9.
    const rows = [...Array.from({ length: 10 }, (_, i) => [String(i + 1)]), [''], ['']];
    const stats = columnStats(tableFromRows(['x'], rows).columns[0]!);
    expect(stats).toMatchObject({
      count: 12,
      missing: 2,
      distinct: 10,
      numeric: 10,
      integer: 10,
      min: 1,
      max: 10,
      mean: 5.5,
    });
    expect(stats.deciles).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(stats.sample).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('ranks top values by count, then by first appearance', () => {
    const rows = ['b', 'a', 'a', 'c', 'b', 'a'].map((v) => [v]);
    const stats = columnStats(tableFromRows(['x'], rows).columns[0]!);
    expect(stats.top).toEqual([
      { value: 'a', count: 3 },
      { value: 'b', count: 2 },
      { value: 'c', count: 1 },
    ]);
  });

  it('reads decimal commas only when told', () => {
    const column = tableFromRows(['x'], [['1,5'], ['2,5']]).columns[0]!;
    expect(columnStats(column).numeric).toBe(0);
    expect(columnStats(column, { decimalComma: true, fileSeparator: ';' })).toMatchObject({
      numeric: 2,
      mean: 2,
    });
  });
});

describe('inferSchema: roles', () => {
  const n = 1200;
  const rows = Array.from({ length: n }, (_, i) => [
    String(i % 2), // clk
    String(100_000 + ((i * 7919) % 5000)), // user_id: integer-coded id, id-like name
    String(20_000 + ((i * 104_729) % 3000)), // c2: large integers, no name hint (a measure unless named)
    String(18 + (i % 60)), // age
    (i % 13) / 4 + '', // score with decimals
    ['a|b|c', 'b|d', 'e', 'a|e'][i % 4]!, // tags
    ['web', 'ios', 'android'][i % 3]!, // device
    i % 50 === 0 ? '' : 'x', // mostly one value
  ]);
  const names = ['clk', 'user_id', 'c2', 'age', 'score', 'tags', 'device', 'flag'];
  const schema = inferSchema(tableFromRows(names, rows));

  it.each([
    ['clk', 'label', 'INT32'],
    ['user_id', 'id', 'STRING'],
    ['c2', 'dense', 'DOUBLE'],
    ['age', 'dense', 'DOUBLE'],
    ['score', 'dense', 'DOUBLE'],
    ['tags', 'tag', 'STRING'],
    ['device', 'id', 'STRING'],
  ])('%s → %s (%s)', (name, role, type) => {
    expect(col(schema, name)).toMatchObject({ role, fieldType: type });
  });

  it('detects the tag separator and item counts', () => {
    // Cells a|b|c, b|d, e, a|e repeat: 3 of 4 hold a separator; mean items (3+2+1+2)/4 = 2.
    expect(col(schema, 'tags').stats.tag).toEqual({
      separator: '|',
      multiShare: 0.75,
      maxItems: 3,
      meanItems: 2,
      distinctItems: 5,
    });
  });

  it('a project label wins over inference', () => {
    const again = inferSchema(tableFromRows(names, rows), { labelNames: ['age'] });
    expect(col(again, 'age').role).toBe('label');
  });

  it('setRole changes the role and the input type, and keeps what was inferred', () => {
    const changed = setRole(schema, 'age', 'id');
    expect(col(changed, 'age')).toMatchObject({
      role: 'id',
      inferredRole: 'dense',
      fieldType: 'STRING',
    });
  });
});

describe('labels', () => {
  it.each([
    { values: ['0', '1'], positive: '1' },
    { values: ['-1', '1'], positive: '1' },
    { values: ['no', 'yes'], positive: 'yes' },
    { values: ['<=50K', '>50K'], positive: '>50K' },
    { values: ['<=50K.', '>50K.'], positive: '>50K' },
  ])('binary $values → positive $positive', ({ values, positive }) => {
    const info = inferLabel(values.map((value, i) => ({ value, count: 10 + i })));
    expect(info).toMatchObject({ kind: 'binary', positive: [positive] });
  });

  it('the rarer of two unknown values is positive', () => {
    const info = inferLabel([
      { value: 'stay', count: 90 },
      { value: 'leave', count: 10 },
    ]);
    expect(info?.positive).toEqual(['leave']);
  });

  it('reads train and test spellings of UCI Adult the same', () => {
    const info = inferLabel([
      { value: '<=50K', count: 3 },
      { value: '>50K', count: 1 },
    ])!;
    expect(['>50K', '>50K.', '<=50K.', ' <=50K', '?'].map((v) => labelValue(info, v))).toEqual([
      1,
      1,
      0,
      0,
      null,
    ]);
  });

  it('multi-class and numeric labels', () => {
    const multi = inferLabel(['b', 'a', 'c'].map((value) => ({ value, count: 1 })))!;
    expect(multi).toMatchObject({ kind: 'multiclass', classes: ['a', 'b', 'c'] });
    expect(labelValue(multi, 'c')).toBe(2);
    const values = Array.from({ length: 30 }, (_, i) => ({ value: `${i * 1.5}`, count: 1 }));
    expect(inferLabel(values)?.kind).toBe('numeric');
  });
});

describe('derived labels', () => {
  it('value equals X, compared after label normalisation', () => {
    const table = tableFromRows(
      ['marital'],
      [['Never-married'], ['Divorced'], ['Never-married.'], [''], ['Married']],
    );
    const schema = addDerivedLabel(inferSchema(table), table, {
      kind: 'equals',
      name: 'never_married',
      source: 'marital',
      value: 'Never-married',
    });
    if ('error' in schema) throw new Error(schema.error);
    const derived = col(schema, 'never_married');
    // Rows: 1, 0, 1, missing, 0 → 2 positives of 4 labelled rows.
    expect(derived.stats).toMatchObject({ count: 5, missing: 1, distinct: 2 });
    // A tie is broken by dictionary order ('', '0', '1').
    expect(derived.stats.top).toEqual([
      { value: '0', count: 2 },
      { value: '1', count: 2 },
    ]);
    expect(derived).toMatchObject({ role: 'label', label: { kind: 'binary', positive: ['1'] } });
  });

  it('refuses an unknown source and a name taken by a file column', () => {
    const table = tableFromRows(['a'], [['x']]);
    const schema = inferSchema(table);
    const rule = { kind: 'equals' as const, name: 'y', source: 'nope', value: 'x' };
    expect(addDerivedLabel(schema, table, rule)).toEqual({
      error: 'No column "nope" to derive "y" from.',
    });
    expect(addDerivedLabel(schema, table, { ...rule, source: 'a', name: 'a' })).toHaveProperty(
      'error',
    );
  });
});

describe('features from the schema', () => {
  it.each([
    [1, 10],
    [3, 10],
    [1133, 10_000],
    [5379, 100_000],
    [40_000, 100_000],
    [9_000_000, 1_000_000],
  ])('bucketsFor(%i) = %i', (distinct, buckets) => {
    expect(bucketsFor(distinct)).toBe(buckets);
  });

  it('small vocabularies get vocab_list, large ones hash buckets, tags a separator', () => {
    const rows = Array.from({ length: 200 }, (_, i) => [
      ['web', 'ios'][i % 2]!,
      `u${i}`,
      i % 3 === 0 ? 'a' : 'a|b',
    ]);
    const schema = inferSchema(tableFromRows(['device', 'user_id', 'tags'], rows));
    expect(featureFor(col(schema, 'device'))).toMatchObject({
      type: 'IdFeature',
      vocabList: ['web', 'ios'],
      hashBucketSize: 0,
    });
    expect(featureFor(col(schema, 'user_id'))).toMatchObject({ hashBucketSize: 1000 });
    expect(featureFor(col(schema, 'tags'))).toMatchObject({
      type: 'TagFeature',
      separator: '|',
      combiner: 'sum',
      hashBucketSize: 10,
    });
  });

  it('zero-heavy numbers get boundaries with a bucket of their own for 0', () => {
    // 80 zeros and 20 gains 100, 200, …, 2000: positive deciles 200, 400, …, 1800.
    const rows = [
      ...Array.from({ length: 80 }, () => ['0']),
      ...Array.from({ length: 20 }, (_, i) => [String((i + 1) * 100)]),
    ];
    const schema = inferSchema(tableFromRows(['capital_gain'], rows));
    expect(boundariesFor(col(schema, 'capital_gain'))).toEqual([
      100, 200, 400, 600, 800, 1000, 1200, 1400, 1600, 1800,
    ]);
  });

  it('evenly spread numbers are min-max scaled (fitted at encoding)', () => {
    const rows = Array.from({ length: 100 }, (_, i) => [String(i)]);
    const schema = inferSchema(tableFromRows(['age'], rows));
    expect(featureFor(col(schema, 'age'))).toMatchObject({
      type: 'RawFeature',
      boundaries: [],
      embeddingDim: 0,
      minVal: 0,
      maxVal: 0,
    });
  });

  it('schemaToProject writes input_fields in file order and keeps fitting features', () => {
    const rows = Array.from({ length: 50 }, (_, i) => [
      String(i % 2),
      `u${i}`,
      String(i * 10),
      'a|b',
    ]);
    const table = tableFromRows(['is_click', 'user_id', 'follower_count', 'streamer_tags'], rows);
    let schema = inferSchema(table, { labelNames: ['is_click'] });
    const derived = addDerivedLabel(schema, table, {
      kind: 'equals',
      name: 'odd',
      source: 'is_click',
      value: '1',
    });
    if ('error' in derived) throw new Error(derived.error);
    schema = derived;
    const project = schemaToProject(liveStreamingPreset(), schema, {
      withHeader: true,
      separator: ',',
    });
    expect(project.data.inputFields).toEqual([
      { name: 'is_click', type: 'INT32', defaultVal: '' },
      { name: 'user_id', type: 'STRING', defaultVal: '' },
      { name: 'follower_count', type: 'DOUBLE', defaultVal: '0' },
      { name: 'streamer_tags', type: 'STRING', defaultVal: '' },
      // The derived label comes last: it is not in the file, the app computes it.
      { name: 'odd', type: 'INT32', defaultVal: '' },
    ]);
    // The preset's own user_id (100,000 buckets) and follower_count (boundaries) survive.
    expect(project.features.map((f) => [f.name, f.hashBucketSize, f.boundaries])).toEqual([
      ['user_id', 100_000, []],
      ['follower_count', 0, [10, 100, 1000, 10000]],
      ['streamer_tags', 1000, []],
    ]);
  });
});

describe("withDeclaredRoles: the project's features say what its columns are", () => {
  // As in EasyRec's Taobao sample: customer and price are whole numbers (inferred as numbers
  // by themselves) that the config declares as IdFeatures, customer STRING and price INT32.
  const rows = Array.from({ length: 40 }, (_, i) => [
    String(i % 2),
    String(1000 + i * 7),
    String(i % 50),
    `x${i}`,
    i % 3 ? String(i / 4) : 'n/a',
  ]);
  const table = tableFromRows(['clk', 'customer', 'price', 'note', 'score'], rows);
  const project = liveStreamingPreset();
  project.tasks = [makeTask('ctr', { labelName: 'clk' })];
  project.features = [
    makeFeature('customer', { type: 'IdFeature', hashBucketSize: 100_000 }),
    makeFeature('price', { type: 'IdFeature', numBuckets: 50 }),
    makeFeature('clk', { type: 'IdFeature', hashBucketSize: 10 }),
    makeFeature('score', { type: 'RawFeature' }),
  ];
  project.data.inputFields = [
    inputField('clk', 'INT32'),
    inputField('customer', 'STRING'),
    inputField('price', 'INT32', '7'),
    inputField('note', 'STRING'),
    inputField('score', 'DOUBLE'),
  ];
  const inferred = inferSchema(table, { labelNames: ['clk'] });

  it('declared IdFeatures override the number guess, with their declared input types', () => {
    expect(col(inferred, 'customer').role).toBe('dense');
    expect(col(inferred, 'price').role).toBe('dense');
    const schema = withDeclaredRoles(inferred, project);
    expect(col(schema, 'customer')).toMatchObject({
      role: 'id',
      inferredRole: 'id',
      fieldType: 'STRING',
      reason: 'the project declares it an IdFeature',
    });
    expect(col(schema, 'price')).toMatchObject({ role: 'id', fieldType: 'INT32' });
    // A task's label stays a label; a RawFeature over cells that are not all numbers ("n/a")
    // is left to inference.
    expect(col(schema, 'clk')).toEqual(col(inferred, 'clk'));
    expect(col(schema, 'score')).toEqual(col(inferred, 'score'));
    // "note" is one of the project's input fields with no feature: the project reads nothing
    // from it (a column the user ignored), so it stays ignored instead of becoming a feature.
    expect(col(inferred, 'note').role).not.toBe('ignore');
    expect(col(schema, 'note')).toMatchObject({
      role: 'ignore',
      reason: 'the project reads no feature from it',
    });
  });

  it('a label column the project lists without a task stays a label (no task made yet)', () => {
    const noTasks = {
      ...project,
      tasks: [],
      features: project.features.filter((f) => f.inputName !== 'clk'),
    };
    expect(col(inferred, 'clk').role).toBe('label');
    expect(col(withDeclaredRoles(inferred, noTasks), 'clk')).toEqual(col(inferred, 'clk'));
  });

  it('a column the project does not list keeps its inference', () => {
    const unlisted = { ...project, data: { ...project.data, inputFields: [] } };
    expect(col(withDeclaredRoles(inferred, unlisted), 'note')).toEqual(col(inferred, 'note'));
  });

  it('a project without features (a config of input fields and tasks) leaves columns to inference', () => {
    const noFeatures = { ...project, features: [] };
    expect(col(withDeclaredRoles(inferred, noFeatures), 'note')).toEqual(col(inferred, 'note'));
  });

  it('the project then keeps its features and its input fields (with default_val)', () => {
    const next = schemaToProject(project, withDeclaredRoles(inferred, project), {
      withHeader: false,
      separator: ',',
    });
    expect(next.features.find((f) => f.name === 'customer')).toMatchObject({
      type: 'IdFeature',
      hashBucketSize: 100_000,
    });
    expect(next.features.find((f) => f.name === 'price')).toMatchObject({
      type: 'IdFeature',
      numBuckets: 50,
    });
    expect(next.data.inputFields.map((f) => [f.name, f.type, f.defaultVal])).toEqual([
      ['clk', 'INT32', ''],
      ['customer', 'STRING', ''],
      ['price', 'INT32', '7'],
      ['note', 'STRING', ''],
      ['score', 'STRING', ''],
    ]);
  });
});

describe('inferSchema: integer ids by name, whatever their distinct ratio', () => {
  // 200 rows, 198 distinct whole numbers (as icme2019 byterec_sample.txt's uid column):
  // nearly unique, large, and still ids because the name says so.
  const values = Array.from({ length: 200 }, (_, i) => String(72 + ((i * 2879) % 198) * 290));
  it.each([
    ['uid', 'id'],
    ['item_id', 'id'],
    ['author_id', 'id'],
    ['music_id', 'id'],
    ['id', 'id'],
    ['userid', 'id'],
    ['c0', 'dense'],
    ['fnlwgt', 'dense'],
    ['duration_time', 'dense'],
  ])('%s → %s', (name, role) => {
    const schema = inferSchema(
      tableFromRows(
        [name],
        values.map((v) => [v]),
      ),
    );
    expect(new Set(values).size).toBe(198);
    expect(col(schema, name).role).toBe(role);
    expect(col(schema, name).fieldType).toBe(role === 'id' ? 'STRING' : 'DOUBLE');
  });

  it('a measure keeps its role when a headerless column is named (fnlwgt as c2)', () => {
    // 1,500 distinct values from 12,285 up, as UCI Adult's fnlwgt (a sampling weight).
    const weights = Array.from({ length: 3000 }, (_, i) => [String(12_285 + (i % 1500) * 977)]);
    const before = col(inferSchema(tableFromRows(['c2'], weights)), 'c2').role;
    const after = col(inferSchema(tableFromRows(['fnlwgt'], weights)), 'fnlwgt').role;
    expect([before, after]).toEqual(['dense', 'dense']);
  });
});
