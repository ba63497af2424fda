/**
 * The real files of ../shared/data (see their READMEs for the expected counts, which were
 * computed there independently of this code). Skipped, with the reason, where absent.
 */
import { openAsBlob } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { addDerivedLabel, inferSchema, type Schema } from './schema';
import { readDelimited } from './read';
import { UCI_ADULT_COLUMNS, TAOBAO_COLUMNS } from './layouts';
import { sharedFile, SHARED_DATA } from './testing/sources';

const adultData = sharedFile('uci-adult/adult.data');
const adultTest = sharedFile('uci-adult/adult.test');
const taobao = sharedFile('easyrec/taobao_test_data');
const absent = (file: string | null) =>
  file ? '' : ` (skipped: ${SHARED_DATA} does not hold this file)`;

function column(schema: Schema, name: string) {
  const c = schema.columns.find((x) => x.name === name);
  if (!c) throw new Error(`no column ${name}`);
  return c;
}
function positives(schema: Schema, name: string): number {
  const c = column(schema, name);
  const positive = c.label?.positive ?? [];
  // Counts over the raw top values, normalised the way labels are (trailing dot dropped).
  return c.stats.top
    .filter((t) => positive.includes(t.value.replace(/\.$/, '')))
    .reduce((a, t) => a + t.count, 0);
}

describe.skipIf(!adultData)(`UCI adult.data${absent(adultData)}`, () => {
  it('32,561 rows, 15 columns, ", " separator, no header; README counts', async () => {
    const result = await readDelimited(await openAsBlob(adultData!), {
      columnNames: UCI_ADULT_COLUMNS,
    });
    expect(result.table.numRows).toBe(32_561);
    expect(result.table.columns.map((c) => c.name)).toEqual(UCI_ADULT_COLUMNS);
    expect(result.dialect).toMatchObject({ separator: ',', hasHeader: false, trim: true });
    expect(result.issues).toEqual([]);
    const schema = inferSchema(result.table);
    // README: `?` in workclass 1,836, occupation 1,843, native-country 583; >50K 7,841.
    expect(column(schema, 'workclass').stats.missing).toBe(1836);
    expect(column(schema, 'occupation').stats.missing).toBe(1843);
    expect(column(schema, 'native-country').stats.missing).toBe(583);
    expect(column(schema, 'income')).toMatchObject({
      role: 'label',
      label: { kind: 'binary', positive: ['>50K'] },
    });
    expect(positives(schema, 'income')).toBe(7841);
    expect(column(schema, 'age').role).toBe('dense');
    expect(column(schema, 'education').role).toBe('id');
    // README: marital-status Never-married 10,683.
    const derived = addDerivedLabel(schema, result.table, {
      kind: 'equals',
      name: 'never_married',
      source: 'marital-status',
      value: 'Never-married',
    });
    if ('error' in derived) throw new Error(derived.error);
    expect(positives(derived, 'never_married')).toBe(10_683);
  });

  it('reads the same rows from a gzip copy', async () => {
    const gz = gzipSync(await readFile(adultData!));
    const result = await readDelimited(new Blob([new Uint8Array(gz)]));
    expect(result.gzip).toBe(true);
    expect(result.table.numRows).toBe(32_561);
    expect(result.table.columns).toHaveLength(15);
  });
});

describe.skipIf(!adultTest)(`UCI adult.test${absent(adultTest)}`, () => {
  it('skips the junk first line and reads labels with a trailing dot', async () => {
    const result = await readDelimited(await openAsBlob(adultTest!), {
      columnNames: UCI_ADULT_COLUMNS,
    });
    expect(result.dialect.skipLines).toBe(1);
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: 'SKIPPED_LINES',
        firstLines: [1],
        message: 'Skipped a line before the data: "|1x3 Cross validator".',
      }),
    ]);
    expect(result.table.numRows).toBe(16_281);
    expect(result.table.lines[0]).toBe(2);
    const schema = inferSchema(result.table);
    expect(column(schema, 'income').label).toMatchObject({ positive: ['>50K'] });
    // README: test >50K 3,846.
    expect(positives(schema, 'income')).toBe(3846);
  });
});

describe.skipIf(!taobao)(`EasyRec taobao_test_data${absent(taobao)}`, () => {
  it('10,000 rows with the 20 names of dbmtl_on_taobao.config', async () => {
    const result = await readDelimited(await openAsBlob(taobao!), { columnNames: TAOBAO_COLUMNS });
    expect(result.table.numRows).toBe(10_000);
    expect(result.issues).toEqual([]);
    const schema = inferSchema(result.table, { fileSeparator: ',' });
    expect(column(schema, 'tag_category_list')).toMatchObject({
      role: 'tag',
      stats: { tag: { separator: '|', maxItems: 50 } },
    });
    expect(column(schema, 'tag_brand_list').role).toBe('tag');
    // README: tag lists empty in 4,202 rows; brand NULL in 3,161; 5,379 users; clk 533; buy 4.
    expect(column(schema, 'tag_category_list').stats.missing).toBe(4202);
    expect(column(schema, 'brand').stats.missing).toBe(3161);
    expect(column(schema, 'user_id')).toMatchObject({ role: 'id', stats: { distinct: 5379 } });
    expect(column(schema, 'clk').role).toBe('label');
    expect(positives(schema, 'clk') / 10_000).toBeCloseTo(0.0533, 6);
    expect(positives(schema, 'buy')).toBe(4);
  });
});
