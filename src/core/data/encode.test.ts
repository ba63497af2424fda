import { describe, expect, it } from 'vitest';
import { emptyProject, makeFeature, makeTask, inputField } from '../project/defaults';
import type { Project } from '../project/types';
import type { EncodedFeature } from './encoded';
import { bucketOf, encodeProject, estimateEncodedBytes } from './encode';
import { fnv1a32, hashBucket } from './hash';
import { inferLabel } from './labels';
import { splitRows } from './split';
import { tableFromRows } from './table';

/** Reference FNV-1a over UTF-8 bytes with BigInt arithmetic: independent of the Math.imul code. */
function referenceFnv(text: string): number {
  let h = 0x811c9dc5n;
  for (const byte of Buffer.from(text, 'utf8')) h = ((h ^ BigInt(byte)) * 0x01000193n) % 2n ** 32n;
  return Number(h);
}

describe('hash', () => {
  it.each([
    ['', 0x811c9dc5], // published FNV-1a 32 test vectors
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('fnv1a32(%j) matches the published vector', (text, expected) => {
    expect(fnv1a32(text)).toBe(expected);
  });

  it.each(['user_42', 'é', '北京', '😀 emoji', 'a|b'])(
    'fnv1a32(%j) hashes the UTF-8 bytes',
    (text) => {
      expect(fnv1a32(text)).toBe(referenceFnv(text));
    },
  );

  it('buckets are hash mod n', () => {
    expect(hashBucket('foobar', 1000)).toBe(0xbf9cf968 % 1000);
  });
});

describe('bucketOf (TensorFlow bucketize)', () => {
  it.each([
    [5, 0],
    [10, 1],
    [50, 1],
    [100, 2],
    [1000, 2],
  ])('%d with boundaries [10, 100] → bucket %d', (x, bucket) => {
    expect(bucketOf(x, [10, 100])).toBe(bucket);
  });
});

describe('splitRows', () => {
  const table = tableFromRows(
    ['day'],
    Array.from({ length: 10_000 }, (_, i) => [String(i % 7)]),
  );

  it('a seeded random fraction: disjoint, complete, repeatable, close to the fraction', () => {
    const a = splitRows(table, { kind: 'random', fraction: 0.2, seed: 42 });
    const b = splitRows(table, { kind: 'random', fraction: 0.2, seed: 42 });
    const c = splitRows(table, { kind: 'random', fraction: 0.2, seed: 43 });
    expect(a).toEqual(b);
    expect(a.validation).not.toEqual(c.validation);
    expect(a.train.length + a.validation.length).toBe(10_000);
    expect(new Set([...a.train, ...a.validation]).size).toBe(10_000);
    // Binomial(10000, 0.2) has sd 40: 5 sd is ±200.
    expect(Math.abs(a.validation.length - 2000)).toBeLessThan(200);
  });

  it('by a column value, and dropping rows', () => {
    const drop = new Uint8Array(10_000);
    drop[6] = 1; // day 6, would be held out
    drop[0] = 1;
    const split = splitRows(table, { kind: 'column', column: 'day', values: ['6'] }, drop);
    // Day 6 rows are i = 6, 13, …, 9995: (9995 − 6) / 7 + 1 = 1,428, minus the dropped one.
    expect(split.validation.length).toBe(1427);
    expect(split.train.length).toBe(10_000 - 1428 - 1);
  });
});

function project(features: Project['features'], tasks = [makeTask('clk')]): Project {
  const p = emptyProject();
  p.tasks = tasks;
  p.features = features;
  p.data.inputFields = [inputField('x', 'DOUBLE', '0')];
  return p;
}
const ids = (f: EncodedFeature | undefined) => (f && f.kind !== 'dense' ? [...f.ids] : null);
const values = (f: EncodedFeature | undefined) => (f?.kind === 'dense' ? [...f.values] : null);

describe('encodeProject', () => {
  const names = ['clk', 'dev', 'n', 'x', 'tags', 'day'];
  const table = tableFromRows(names, [
    ['1', 'ios', '3', '0', 'a|b|c', '1'],
    ['0', 'web', '7', '10', 'b', '1'],
    ['0', 'tv', 'x', '5', '', '1'],
    ['1', '', '', '20', 'c|a', '2'],
  ]);
  const features = [
    makeFeature('dev', { vocabList: ['ios', 'web'] }),
    makeFeature('n', { numBuckets: 5 }),
    makeFeature('x', { type: 'RawFeature', embeddingDim: 0 }),
    makeFeature('x', { name: 'x_bucket', type: 'RawFeature', boundaries: [5, 10] }),
    makeFeature('tags', { type: 'TagFeature', hashBucketSize: 1000 }),
  ];
  const byDay = { kind: 'column', column: 'day', values: ['2'] } as const;

  it('vocabulary with an out-of-vocabulary id, num_buckets with out of range → 0', () => {
    const { train } = encodeProject(project(features), table, { split: { kind: 'none' } });
    expect(ids(train.features[0])).toEqual([0, 1, 2, 2]); // tv and missing → OOV id 2
    expect(train.features[0]).toMatchObject({ vocabSize: 3 });
    expect(ids(train.features[1])).toEqual([3, 0, 0, 0]); // 7 ≥ 5, "x" and missing → 0
  });

  it('min-max from the training rows only; held-out rows may leave [0, 1]', () => {
    const result = encodeProject(project(features), table, { split: byDay });
    // Training x = 0, 10, 5 → min 0, max 10; the held-out 20 scales to 2.
    expect(result.fitted).toEqual({ x: { minVal: 0, maxVal: 10 } });
    expect(values(result.train.features[2])).toEqual([0, 1, 0.5]);
    expect(values(result.validation?.features[2])).toEqual([2]);
    expect(ids(result.train.features[3])).toEqual([0, 2, 1]); // 0 < 5 ≤ 5 < 10 ≤ 10
  });

  it('a range set on the feature is used as given', () => {
    const fixed = features.map((f) => (f.name === 'x' ? { ...f, minVal: 0, maxVal: 40 } : f));
    const result = encodeProject(project(fixed), table, { split: { kind: 'none' } });
    expect(values(result.train.features[2])).toEqual([0, 0.25, 0.125, 0.5]);
    expect(result.fitted).toEqual({});
  });

  it('tags: hashed items, padded to the longest training row, masked', () => {
    const { train, validation } = encodeProject(project(features), table, {
      split: byDay,
      maxTagItems: 2,
    });
    const tag = train.features[4]!;
    if (tag.kind !== 'tag') throw new Error('not a tag');
    const h = (s: string) => hashBucket(s, 1000);
    expect(tag.maxItems).toBe(2); // a|b|c truncated to 2
    expect([...tag.ids]).toEqual([h('a'), h('b'), h('b'), 0, 0, 0]);
    expect([...tag.mask]).toEqual([1, 1, 1, 0, 0, 0]);
    const held = validation!.features[4]!;
    expect(held.kind === 'tag' && [...held.ids]).toEqual([h('c'), h('a')]);
  });

  it('labels: mapped to 0/1, a missing label leaves the row out with its line', () => {
    const t = tableFromRows(
      ['income', 'dev'],
      [['>50K'], ['<=50K.'], [''], ['>50K.']].map(([v]) => [v!, 'ios']),
    );
    const info = inferLabel([
      { value: '>50K', count: 1 },
      { value: '<=50K', count: 2 },
    ]);
    const p = project([makeFeature('dev', { vocabList: ['ios'] })], [makeTask('income')]);
    const result = encodeProject(p, t, { split: { kind: 'none' }, labelInfo: { income: info } });
    expect([...result.train.labels.income!]).toEqual([1, 0, 1]);
    expect(result.issues).toEqual([
      expect.objectContaining({ code: 'MISSING_LABEL', column: 'income', firstLines: [4] }),
    ]);
  });

  it('regression labels stay numbers; a text label is reported', () => {
    const t = tableFromRows(
      ['secs', 'dev'],
      [
        ['12.5', 'a'],
        ['abc', 'a'],
        ['0', 'a'],
      ],
    );
    const task = makeTask('secs', { lossType: 'L2_LOSS' });
    const result = encodeProject(project([makeFeature('dev')], [task]), t, {
      split: { kind: 'none' },
    });
    expect([...result.train.labels.secs!]).toEqual([12.5, 0]);
    expect(result.issues[0]).toMatchObject({ code: 'BAD_LABEL', firstLines: [3] });
  });

  it('a separate validation file keeps the training statistics', () => {
    const val = tableFromRows(names, [['0', 'web', '1', '30', 'a', '9']]);
    const result = encodeProject(project(features), table, {
      split: { kind: 'file' },
      validationTable: val,
    });
    expect(result.train.numRows).toBe(4);
    expect(values(result.validation?.features[2])).toEqual([1.5]); // (30 − 0) / 20
  });

  it('sample weights and gAUC groups', () => {
    const p = project(features, [
      makeTask('clk', { metrics: [{ kind: 'gauc', uidField: 'dev', reduction: 'mean' }] }),
    ]);
    p.data.sampleWeight = 'n';
    const { train } = encodeProject(p, table, { split: { kind: 'none' } });
    expect([...train.sampleWeight!]).toEqual([3, 7, 1, 1]); // "x" and missing → 1
    expect([...train.groups!.dev!]).toEqual([0, 1, 2, 3]);
  });

  it('the memory estimate equals the bytes actually encoded', () => {
    const { train } = encodeProject(project(features), table, { split: { kind: 'none' } });
    let bytes = 0;
    for (const f of train.features)
      bytes +=
        f.kind === 'tag'
          ? f.ids.byteLength + f.mask.byteLength
          : f.kind === 'id'
            ? f.ids.byteLength
            : f.values.byteLength;
    for (const l of Object.values(train.labels)) bytes += l.byteLength;
    // 4 one-value features × 4 B + a tag of 3 items × 8 B + one label × 4 B = 44 B per row.
    expect(estimateEncodedBytes(project(features), 4, { tags: 3 })).toBe(44 * 4);
    expect(bytes).toBe(44 * 4);
  });

  it('a feature whose column is absent is an error, not a crash', () => {
    const result = encodeProject(project([makeFeature('nope')]), table, {
      split: { kind: 'none' },
    });
    expect(result.train.features).toEqual([]);
    expect(result.issues[0]).toMatchObject({ code: 'NO_COLUMN', severity: 'error' });
  });
});
