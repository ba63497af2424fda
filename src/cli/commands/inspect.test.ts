/** `dbmtl inspect`, run in-process through the command-line entry point. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { TAOBAO_COLUMNS } from '../../core/data/layouts';
import { sharedFile } from '../../core/data/testing/sources';
import { exportConfig } from '../../core/easyrec';
import { emptyProject, inputField, makeFeature, makeTask } from '../../core/project/defaults';
import { taobaoPreset } from '../../core/project/presets';
import { serializeProject } from '../../core/project/restore';
import { main } from '../main';

const work = mkdtempSync(join(tmpdir(), 'dbmtl-inspect-'));

async function dbmtl(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await main(argv, {
    cwd: work,
    out: (t) => (stdout += t),
    err: (t) => (stderr += t),
  });
  return { status, stdout, stderr };
}

interface Json {
  rows: number;
  gzip: boolean;
  dialect: { separator: string; hasHeader: boolean };
  issues: { code: string; firstLines: number[] }[];
  columns: { name: string; role: string; inputType: string; feature: unknown }[];
  findings: { code: string; task: string; count?: number }[];
}

describe('dbmtl inspect', () => {
  it('prints the schema of a small gzip file as JSON, with bad rows and their lines', async () => {
    const csv = 'user_id,clk,tags\nu1,1,a|b\nu2,0,c\nu3,0\nu4,1,a\n';
    writeFileSync(join(work, 'small.csv.gz'), gzipSync(csv));
    const { status, stdout } = await dbmtl('inspect', 'small.csv.gz');
    expect(status).toBe(0);
    const json = JSON.parse(stdout) as Json;
    expect(json).toMatchObject({ rows: 3, gzip: true, dialect: { hasHeader: true } });
    expect(json.issues).toEqual([expect.objectContaining({ code: 'RAGGED_ROW', firstLines: [4] })]);
    expect(json.columns.map((c) => [c.name, c.role])).toEqual([
      ['user_id', 'id'],
      ['clk', 'label'],
      ['tags', 'tag'],
    ]);
  });

  it('takes names from --columns', async () => {
    writeFileSync(join(work, 'plain.csv'), '0,u1\n1,u2\n');
    const { stdout } = await dbmtl('inspect', 'plain.csv', '--columns', 'clk, user_id');
    expect((JSON.parse(stdout) as Json).columns.map((c) => c.name)).toEqual(['clk', 'user_id']);
  });

  it('with a project file: a headerless file named without the derived label, which is added', async () => {
    // No header, ", " between cells, as UCI Adult's adult.data; three columns.
    writeFileSync(
      join(work, 'mini.data'),
      '39, Never-married, <=50K\n50, Married-civ-spouse, >50K\n28, Never-married, >50K\n',
    );
    const p = emptyProject('adult');
    p.tasks = [makeTask('never_married')];
    p.features = [makeFeature('age', { type: 'RawFeature', embeddingDim: 0 })];
    p.data = {
      ...p.data,
      withHeader: false,
      inputFields: [
        inputField('age', 'INT64'),
        inputField('marital-status', 'STRING'),
        inputField('income', 'STRING'),
        inputField('never_married', 'INT32'),
      ],
      derivedLabels: [
        { kind: 'equals', name: 'never_married', source: 'marital-status', value: 'Never-married' },
      ],
    };
    writeFileSync(join(work, 'adult.json'), serializeProject(p));
    const { status, stdout } = await dbmtl('inspect', 'mini.data', '--config', 'adult.json');
    expect(status).toBe(0);
    const json = JSON.parse(stdout) as Json;
    expect(json.rows).toBe(3);
    expect(json.issues).toEqual([]);
    // marital-status is an input field the project reads nothing from (no feature, no task):
    // ignored, as the user left it, not guessed back into an id; income, a label column
    // without a task yet, stays a label.
    expect(json.columns.map((c) => [c.name, c.role])).toEqual([
      ['age', 'dense'],
      ['marital-status', 'ignore'],
      ['income', 'label'],
      ['never_married', 'label'],
    ]);
    // By hand from the three rows: never_married is 1, 0, 1, so 2 of 3 positive.
    expect(json.findings).toContainEqual(
      expect.objectContaining({ code: 'POSITIVE_RATE', task: 'never_married', count: 2 }),
    );
  });

  it('refuses a missing file (1) and wrong usage (2)', async () => {
    expect((await dbmtl('inspect', 'nope.csv')).status).toBe(1);
    expect((await dbmtl('inspect')).status).toBe(2);
    expect((await dbmtl('inspect', 'a.csv', '--max-rows', 'x')).status).toBe(2);
  });

  const taobao = sharedFile('easyrec/taobao_test_data');
  it.skipIf(!taobao)(
    'with --config: names, features and sanity from a pipeline.config',
    async () => {
      const exported = exportConfig(taobaoPreset());
      if (!exported.ok) throw new Error('the Taobao preset must export');
      writeFileSync(join(work, 'taobao.config'), exported.text);
      const { status, stdout } = await dbmtl('inspect', taobao!, '--config', 'taobao.config');
      expect(status).toBe(0);
      const json = JSON.parse(stdout) as Json;
      expect(json.rows).toBe(10_000);
      expect(json.columns.map((c) => c.name)).toEqual(TAOBAO_COLUMNS);
      // The config's own feature settings are kept (pid: 10 hash buckets).
      expect(json.columns.find((c) => c.name === 'pid')?.feature).toMatchObject({
        hashBucketSize: 10,
      });
      expect(json.findings).toContainEqual(
        expect.objectContaining({ code: 'FEW_POSITIVES', task: 'cvr', count: 4 }),
      );
      expect(json.findings).toContainEqual(
        expect.objectContaining({ code: 'CHAIN_OK', task: 'cvr', count: 0 }),
      );
    },
  );
});
