import { openAsBlob } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { emptyProject, makeFeature, makeTask } from '../project/defaults';
import { taobaoPreset } from '../project/presets';
import type { Project } from '../project/types';
import { TAOBAO_COLUMNS } from './layouts';
import { readDelimited } from './read';
import { checkLabels, dropMask, edgeKey } from './sanity';
import { inferSchema } from './schema';
import { tableFromRows } from './table';
import { sharedFile } from './testing/sources';

function project(tasks: Project['tasks'], featureColumns: string[] = []): Project {
  const p = emptyProject();
  p.tasks = tasks;
  p.features = featureColumns.map((c) => makeFeature(c));
  return p;
}

describe('checkLabels', () => {
  const table = tableFromRows(
    ['clk', 'buy', 'answer', 'yesno', 'group', 'noise', 'secs'],
    [
      ['1', '1', '1', 'yes', 'a', 'x', '0'],
      ['0', '1', '1', 'no', 'b', 'y', '100'],
      ['1', '0', '0', 'yes', 'a', 'x', '0'],
      ['0', '0', '0', 'no', 'b', 'x', '100'],
      ['0', '1', '1', 'no', 'b', 'y', '0'],
    ],
  );

  it('counts rows where a child is positive without its parent, with lines, and drops them', () => {
    const p = project([makeTask('clk'), makeTask('buy', { relationTowerNames: ['clk'] })]);
    const report = checkLabels(p, table);
    // buy=1 & clk=0 on rows 1 and 4 (lines 3 and 6; tableFromRows puts row 0 on line 2).
    expect(report.findings).toContainEqual(
      expect.objectContaining({
        code: 'CHAIN_VIOLATION',
        task: 'buy',
        parent: 'clk',
        count: 2,
        firstLines: [3, 6],
      }),
    );
    expect([...dropMask(5, report, [edgeKey('clk', 'buy')])]).toEqual([0, 1, 0, 0, 1]);
  });

  it('checks a regression child only when it is gated by its parent (zero without it)', () => {
    // secs = 0, 100, 0, 100, 0. Under clk (1, 0, 1, 0, 0) it is non-zero on 2 of the 3 rows
    // without a click: not a chain, not checked. Under buy (1, 1, 0, 0, 1) it is non-zero on
    // 1 of the 2 rows without a buy (line 5): half, so checked, and that row is a violation.
    const secs = (parent: string) =>
      makeTask('secs', { lossType: 'L2_LOSS', relationTowerNames: [parent] });
    const notGated = checkLabels(project([makeTask('clk'), secs('clk')]), table);
    expect(notGated.findings).toContainEqual(
      expect.objectContaining({ code: 'CHAIN_NOT_GATED', task: 'secs', parent: 'clk' }),
    );
    expect(notGated.findings.find((f) => f.code === 'CHAIN_NOT_GATED')?.message).toContain(
      'non-zero on 66.7% of the rows without clk',
    );
    expect(notGated.findings.some((f) => f.code === 'CHAIN_VIOLATION')).toBe(false);
    expect(notGated.violations[edgeKey('clk', 'secs')]).toBeUndefined();

    const gated = checkLabels(project([makeTask('buy'), secs('buy')]), table);
    expect(gated.findings).toContainEqual(
      expect.objectContaining({ code: 'CHAIN_VIOLATION', task: 'secs', count: 1, firstLines: [5] }),
    );
  });

  it('says "1 row has" and "2 rows have": singular and plural in every counted message', () => {
    const messages = (t: ReturnType<typeof tableFromRows>, p: Project) =>
      checkLabels(p, t)
        .findings.filter((f) => f.code !== 'POSITIVE_RATE')
        .map((f) => f.message);
    const chain = project([makeTask('clk'), makeTask('buy', { relationTowerNames: ['clk'] })]);
    const raw = (n: number) => {
      const p = project([makeTask('y')]);
      p.features = [makeFeature('x', { type: 'RawFeature', embeddingDim: 0 })];
      const rows = [
        ['1', '1', 'a'],
        ['0', '2', 'b'],
        ['1', 'n/a', 'c'],
        ['0', n > 1 ? '?x' : '3', 'd'],
      ];
      return messages(tableFromRows(['y', 'x', 'k'], rows), p);
    };
    // One of each: buy=1 & clk=0 on one row; one unreadable label; one non-number cell.
    const one = tableFromRows(
      ['clk', 'buy'],
      [
        ['1', '1'],
        ['0', '1'],
        ['1', '0'],
        ['1', 'maybe'],
      ],
    );
    expect(messages(one, chain)).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'Task buy: 1 row has a missing or unreadable buy (first "maybe"); it is left out of training.',
        ),
        expect.stringContaining(
          'clk → buy: 1 row has buy positive while clk is not; the chain rule assumes none. Drop it or keep it knowingly.',
        ),
      ]),
    );
    const single = tableFromRows(['y'], [['1'], ['0'], ['0']]);
    expect(messages(single, project([makeTask('y')]))).toContainEqual(
      expect.stringContaining('Task y: only 1 positive row of 3 in its label column y'),
    );
    expect(raw(1)).toContainEqual(
      'Feature x: 1 cell of x is not a number (first "n/a"); it is read as its default value.',
    );
    const two = tableFromRows(
      ['clk', 'buy'],
      [
        ['1', '1'],
        ['0', '1'],
        ['0', '1'],
        ['1', 'maybe'],
        ['1', ''],
      ],
    );
    expect(messages(two, chain)).toEqual(
      expect.arrayContaining([
        expect.stringContaining(
          'Task buy: 2 rows have a missing or unreadable buy (first "maybe"); they are left out of training.',
        ),
        expect.stringContaining(
          'clk → buy: 2 rows have buy positive while clk is not; the chain rule assumes none. Drop them or keep them knowingly.',
        ),
        expect.stringContaining('only 3 positive rows of 5'),
      ]),
    );
    expect(raw(2)).toContainEqual(
      'Feature x: 2 cells of x are not numbers (first "n/a"); they are read as its default value.',
    );
  });

  it('positive rate, constant and rare labels', () => {
    const constant = tableFromRows(['y'], [['0'], ['0']]);
    expect(checkLabels(project([makeTask('y')]), constant).findings.map((f) => f.code)).toEqual([
      'POSITIVE_RATE',
      'CONSTANT_LABEL',
    ]);
    const rare = checkLabels(project([makeTask('clk')]), table).findings;
    // 2 positives of 5 = 40.0%, and fewer than 50 positives.
    expect(rare[0]?.message).toBe('Task clk: 40.0% positive (2 of 5).');
    expect(rare[1]).toMatchObject({ code: 'FEW_POSITIVES', count: 2 });
  });

  it.each([
    ['answer', 'is identical to the label buy'],
    ['yesno', 'is a relabelling of the label clk'],
  ])('leakage: %s %s', (column, what) => {
    const label = column === 'answer' ? 'buy' : 'clk';
    const findings = checkLabels(project([makeTask(label)], [column]), table).findings;
    const leak = findings.find((f) => f.code === 'LEAKAGE');
    expect(leak?.message).toContain(what);
    expect(leak).toMatchObject({ column, severity: 'error' });
  });

  it('an unrelated feature is no leakage', () => {
    const findings = checkLabels(project([makeTask('buy')], ['noise']), table).findings;
    expect(findings.filter((f) => f.code === 'LEAKAGE')).toEqual([]);
  });

  it('regression scale: suggests 1 / variance as the task weight', () => {
    // secs = 0, 100, 0, 100, 0: mean 40, variance 2400 → weight 1/2400 ≈ 0.0004.
    const task = makeTask('secs', { lossType: 'L2_LOSS' });
    const finding = checkLabels(project([task]), table).findings[0];
    expect(finding).toMatchObject({
      code: 'REGRESSION_SCALE',
      severity: 'warning',
      suggestedWeight: 0.0004,
    });
  });

  it('unreadable labels and non-numbers in number features are counted with their lines', () => {
    const t = tableFromRows(
      ['clk', 'price'],
      [
        ['1', '3.5'],
        ['yes?', 'n/a'],
        ['0', '4'],
        ['', 'abc'],
      ],
    );
    const p = project([makeTask('clk')]);
    p.features = [makeFeature('price', { type: 'RawFeature', embeddingDim: 0 })];
    const findings = checkLabels(p, t).findings;
    // Rows 1 and 3 (lines 3 and 5): "yes?" is not 0/1-like, and the empty cell is missing.
    expect(findings).toContainEqual(
      expect.objectContaining({ code: 'LABEL_UNREADABLE', count: 2, firstLines: [3, 5] }),
    );
    expect(findings).toContainEqual(
      expect.objectContaining({
        code: 'NOT_A_NUMBER',
        column: 'price',
        count: 2,
        firstLines: [3, 5],
      }),
    );
  });

  it('a missing label column is an error', () => {
    const findings = checkLabels(project([makeTask('nope')]), table).findings;
    expect(findings).toEqual([expect.objectContaining({ code: 'LABEL_COLUMN_MISSING' })]);
  });
});

const taobao = sharedFile('easyrec/taobao_test_data');
describe.skipIf(!taobao)(
  `Taobao sample${taobao ? '' : ' (skipped: ../shared/data/easyrec/taobao_test_data absent)'}`,
  () => {
    it('clk 5.33 %, buy 4 positives (warning), no buy without clk', async () => {
      const { table } = await readDelimited(await openAsBlob(taobao!), {
        columnNames: TAOBAO_COLUMNS,
      });
      const schema = inferSchema(table);
      const info = Object.fromEntries(schema.columns.map((c) => [c.name, c.label]));
      const report = checkLabels(taobaoPreset(), table, info);
      const find = (code: string, task: string) =>
        report.findings.find((f) => f.code === code && f.task === task);
      // README: clk 533 / 10,000; buy 4; (clk, buy) = 01 never occurs.
      expect(find('POSITIVE_RATE', 'ctr')?.message).toBe(
        'Task ctr: 5.33% positive (533 of 10,000).',
      );
      expect(find('FEW_POSITIVES', 'cvr')).toMatchObject({ severity: 'warning', count: 4 });
      // The warning names the task and its label column, so the user knows which file column.
      expect(find('FEW_POSITIVES', 'cvr')?.message).toBe(
        'Task cvr: only 4 positive rows of 10,000 in its label column buy (fewer than 50); its AUC will be noise. Collect more data or expect a flat curve.',
      );
      expect(find('CHAIN_OK', 'cvr')).toMatchObject({ parent: 'ctr', count: 0 });
      expect(report.violations[edgeKey('ctr', 'cvr')]).toHaveLength(0);
      expect(report.findings.filter((f) => f.code === 'LEAKAGE')).toEqual([]);
    });
  },
);
