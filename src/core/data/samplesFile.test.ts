/**
 * The samples file the app writes must be the file the exported config describes: reading it
 * back with nothing but the config's `separator`, `with_header` and `input_fields` gives the
 * same table (same names, order, count of columns; same rows), with labels as numbers.
 * Counts of UCI Adult come from ../shared/data/uci-adult/README.md (>50K 7,841, Never-married
 * 10,683 of 32,561 training rows), not from this code.
 */
import { openAsBlob } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { exportConfig } from '../easyrec/export';
import { decodeStrict } from '../easyrec/testing';
import { defaultMetrics, emptyProject, makeTask } from '../project/defaults';
import type { Project } from '../project/types';
import { withDerived } from './derived';
import { schemaToProject } from './features';
import { UCI_ADULT_COLUMNS } from './layouts';
import { readDelimited } from './read';
import { fileDiffers, labelWriters, layoutOf, samplesFileNames, writeSamples } from './samplesFile';
import { addDerivedLabel, inferSchema, setRole, type Schema } from './schema';
import { cellAt, findColumn, tableFromRows, type Table } from './table';
import { sharedFile, SHARED_DATA } from './testing/sources';

const adultData = sharedFile('uci-adult/adult.data');

interface DataConfig {
  separator?: string;
  with_header?: boolean;
  input_fields: { input_name: string; input_type?: string }[];
}

/** The data_config of exported config text, decoded as EasyRec would read it. */
function dataConfigOf(text: string): DataConfig {
  return decodeStrict(text).data_config as DataConfig;
}

/** Reads CSV text with only what a data_config says (separator, header, column names). */
async function readAsConfigSays(text: string, data: DataConfig): Promise<Table> {
  const withHeader = data.with_header ?? false;
  const result = await readDelimited(new Blob([text]), {
    dialect: { separator: data.separator ?? ',', hasHeader: withHeader, skipLines: 0, trim: false },
    ...(withHeader ? {} : { columnNames: data.input_fields.map((f) => f.input_name) }),
    missingTokens: [''],
  });
  expect(result.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  return result.table;
}

/** The label columns of a schema with their reading, as the app passes them. */
function labelInfo(schema: Schema) {
  return Object.fromEntries(
    schema.columns.filter((c) => c.role === 'label').map((c) => [c.name, c.label]),
  );
}

function count(table: Table, name: string, value: string): number {
  const column = findColumn(table, name)!;
  let n = 0;
  for (let r = 0; r < table.numRows; r++) if (cellAt(column, r) === value) n++;
  return n;
}

describe.skipIf(!adultData)(
  `UCI adult.data with a derived label${adultData ? '' : ` (skipped: ${SHARED_DATA} lacks it)`}`,
  () => {
    it('the written CSV reads back, as the exported config says, to the same table', async () => {
      const read = await readDelimited(await openAsBlob(adultData!), {
        columnNames: UCI_ADULT_COLUMNS,
      });
      let schema = inferSchema(read.table);
      const derived = addDerivedLabel(schema, read.table, {
        kind: 'equals',
        name: 'never_married',
        source: 'marital-status',
        value: 'Never-married',
      });
      if ('error' in derived) throw new Error(derived.error);
      schema = setRole(derived, 'hours-per-week', 'label');
      const rules = schema.columns.flatMap((c) => (c.derived ? [c.derived] : []));
      const table = withDerived(read.table, rules);
      const project: Project = {
        ...schemaToProject(emptyProject('adult'), schema, {
          withHeader: read.dialect.hasHeader,
          separator: read.dialect.separator,
        }),
        tasks: [
          makeTask('income'),
          makeTask('never_married'),
          makeTask('hours_per_week', {
            labelName: 'hours-per-week',
            lossType: 'L2_LOSS',
            metrics: defaultMetrics('L2_LOSS'),
          }),
        ],
      };
      const exported = exportConfig(project);
      if (!exported.ok) throw new Error(JSON.stringify(exported.problems));
      const data = dataConfigOf(exported.text);
      const names = data.input_fields.map((f) => f.input_name);
      // 15 file columns in file order, then the derived one.
      expect(names).toEqual([...UCI_ADULT_COLUMNS, 'never_married']);
      expect(data.with_header ?? false).toBe(false);
      // Labels are declared as the numbers the file holds.
      const typeOf = (n: string) => data.input_fields.find((f) => f.input_name === n)?.input_type;
      expect([typeOf('income'), typeOf('never_married'), typeOf('hours-per-week')]).toEqual([
        'INT32',
        'INT32',
        'FLOAT',
      ]);

      const labels = labelWriters(project, labelInfo(schema));
      const csv = writeSamples(table, layoutOf(project), { labels });
      // No header line: the first line is the first record, 16 fields.
      expect(csv.split('\n')[0]!.split(data.separator ?? ',')).toHaveLength(16);
      const back = await readAsConfigSays(csv, data);
      expect(back.columns.map((c) => c.name)).toEqual(names);
      expect(back.numRows).toBe(32_561);
      // Every feature column holds the cells the app read from adult.data, row by row.
      for (const name of names.filter((n) => !['income', 'never_married'].includes(n))) {
        const a = findColumn(table, name)!;
        const b = findColumn(back, name)!;
        for (let r = 0; r < table.numRows; r++) {
          if (cellAt(b, r) !== cellAt(a, r))
            throw new Error(`${name} row ${r}: ${cellAt(b, r)} vs ${cellAt(a, r)}`);
        }
      }
      expect(count(back, 'income', '1')).toBe(7841);
      expect(count(back, 'income', '0')).toBe(32_561 - 7841);
      expect(count(back, 'never_married', '1')).toBe(10_683);
      expect(count(back, 'never_married', '0')).toBe(32_561 - 10_683);

      // adult.data itself cannot be read so: it lacks never_married, has ", " separators
      // and text labels.
      expect(
        fileDiffers(
          read.table,
          { columns: UCI_ADULT_COLUMNS, dialect: read.dialect, issues: read.issues },
          layoutOf(project),
          { labels },
        ),
      ).toEqual([
        'column never_married not in it',
        'spaces around cells',
        'label income not written as numbers',
      ]);
    });
  },
);

describe('writeSamples', () => {
  const table = tableFromRows(
    ['id', 'price', 'clk', 'note'],
    [
      ['a', '1,5', 'yes', 'x;y'],
      ['b', '', 'no', 'say "hi"'],
      ['c', '2', 'yes', ''],
    ],
  );
  const project: Project = {
    ...emptyProject(),
    tasks: [makeTask('clk')],
    data: {
      ...emptyProject().data,
      separator: ';',
      withHeader: true,
      inputFields: [
        { name: 'clk', type: 'INT32', defaultVal: '' },
        { name: 'id', type: 'STRING', defaultVal: '' },
        { name: 'price', type: 'DOUBLE', defaultVal: '0' },
        { name: 'note', type: 'STRING', defaultVal: '' },
      ],
    },
  };
  const schema = inferSchema(table, { decimalComma: true });
  const labels = labelWriters(project, labelInfo(schema), true);

  it('writes the header, the fields in input_fields order, quotes, points and 0/1 labels', () => {
    const csv = writeSamples(table, layoutOf(project), { labels, decimalComma: true });
    expect(csv).toBe('clk;id;price;note\n1;a;1.5;"x;y"\n0;b;;"say ""hi"""\n1;c;2;\n');
  });

  it('writes only the rows asked for, in their order', () => {
    const csv = writeSamples(table, layoutOf(project), {
      labels,
      decimalComma: true,
      rows: Int32Array.from([2, 0]),
    });
    expect(csv.split('\n').slice(1, 3)).toEqual(['1;c;2;', '1;a;1.5;"x;y"']);
  });

  it('a file already in the layout needs no rewrite', () => {
    const clean = tableFromRows(['clk', 'id'], [['1', 'a']]);
    const layout = {
      fields: [
        { name: 'clk', type: 'INT32' as const },
        { name: 'id', type: 'STRING' as const },
      ],
      separator: ',',
      withHeader: true,
    };
    const dialect = {
      separator: ',',
      hasHeader: true,
      trim: false,
      decimalComma: false,
      skipLines: 0,
    };
    expect(
      fileDiffers(clean, { columns: ['clk', 'id'], dialect, issues: [] }, layout, {
        labels: labelWriters({ tasks: [makeTask('clk')] }, {}),
      }),
    ).toEqual([]);
    expect(
      fileDiffers(
        clean,
        { columns: ['id', 'clk'], dialect: { ...dialect, hasHeader: false }, issues: [] },
        { ...layout, withHeader: false },
      ),
    ).toEqual(['its columns in another order']);
  });

  it('a label column no task reads yet is written as its own 0/1 reading', () => {
    const writers = labelWriters({ tasks: [] }, { clk: labelInfo(schema).clk });
    const csv = writeSamples(
      table,
      { ...layoutOf(project), withHeader: false },
      {
        labels: writers,
      },
    );
    expect(csv.split('\n').map((l) => l.split(';')[0])).toEqual(['1', '0', '1', '']);
  });

  it('names the files after the train file', () => {
    expect(samplesFileNames('adult.data')).toEqual({
      train: 'adult_train.csv',
      eval: 'adult_eval.csv',
    });
    expect(samplesFileNames('my log.csv.gz').train).toBe('my_log_train.csv');
  });
});
