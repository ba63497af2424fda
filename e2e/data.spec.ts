/**
 * The Data tab: samples in by drop and file picker, the schema table, roles, label columns,
 * bad rows with their lines, the demo CSV download, and a real file (UCI adult.data).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test, type Page } from '@playwright/test';
import { TAOBAO_COLUMNS } from '../src/core/data/layouts';
import { ConfigTab } from './pages/config';
import { DataTab } from './pages/data';

const ADULT = path.resolve(import.meta.dirname, '../../shared/data/uci-adult/adult.data');
const TAOBAO = path.resolve(import.meta.dirname, '../../shared/data/easyrec/taobao_test_data');

/** A small DBMTL config with the 20 input_fields of EasyRec's Taobao sample (no header). */
function taobaoConfig(): string {
  const fields = TAOBAO_COLUMNS.map(
    (n) =>
      `  input_fields { input_name: "${n}" input_type: ${['clk', 'buy'].includes(n) ? 'INT32' : 'STRING'} }`,
  );
  return [
    'model_dir: "experiments/taobao"',
    'data_config {',
    '  input_type: CSVInput',
    ...fields,
    '}',
    'model_config {',
    '  model_class: "DBMTL"',
    '  dbmtl {',
    '    task_towers { tower_name: "ctr" label_name: "clk" loss_type: CLASSIFICATION }',
    '    task_towers { tower_name: "cvr" label_name: "buy" loss_type: CLASSIFICATION relation_tower_names: "ctr" }',
    '  }',
    '}',
  ].join('\n');
}

const SMALL_CSV = [
  'user_id,clk,buy,tags,age,city',
  'u1,1,1,a|b,31,Bern',
  'u2,0,0,c,45,Basel',
  'u3,1,0,a|c,27,Bern',
  'u4,0,0,b,52,Zug',
  'u5,1,1,a,38,Bern',
].join('\n');

test('opens on the demo data, with its schema and label checks', async ({ page }) => {
  const data = new DataTab(page);
  await data.openFresh();
  await expect(data.loaded).toContainText('Demo data');
  await expect(data.loaded).toContainText('40,000 rows');
  await expect(data.role('streamer_tags')).toHaveValue('tag');
  await expect(data.role('is_click')).toHaveValue('label');
  await expect(page.getByRole('list', { name: 'Label findings' })).toContainText('Task is_click:');
  await expect(page.getByTestId('memory-estimate')).toContainText('Memory: samples');
  await data.shot('data-demo.png');

  // Hold out the last day instead of a random fifth: day 7 of 40,000 rows spread over 7 days.
  await page.getByRole('combobox', { name: 'Held-out split' }).selectOption('column');
  await expect(page.getByRole('combobox', { name: 'Held-out column' })).toHaveValue('day');
  await expect(page.getByRole('combobox', { name: 'Held-out value' })).toHaveValue('7');
  await expect(page.getByTestId('memory-estimate')).toContainText('(5,714 rows held out)');

  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download demo CSV' }).click();
  expect((await download).suggestedFilename()).toBe('live_demo.csv');
});

test('drop a file, see its schema, change a role, make tasks from label columns', async ({
  page,
}) => {
  const data = new DataTab(page);
  await data.openFresh();
  await data.drop('small.csv', SMALL_CSV);
  await expect(data.loaded).toContainText('small.csv');
  await expect(data.loaded).toContainText('5 rows');
  await expect(data.loaded).toContainText('6 columns');
  await expect(data.role('user_id')).toHaveValue('id');
  await expect(data.role('tags')).toHaveValue('tag');
  await expect(data.role('age')).toHaveValue('dense');
  await expect(data.row('clk')).toContainText('60.0% positive');
  // Over the demo project, one's own file starts a new project: its name, none of the
  // demo's tasks (whose labels the file lacks), undoable.
  await expect(page.getByRole('textbox', { name: 'Project name' })).toHaveValue('small');
  await expect(page.getByTestId('notice')).toContainText('Started a new project from small.csv');
  await expect(page.getByRole('list', { name: 'Label findings' })).toHaveCount(0);

  // Change a column's role: age becomes categorical; the table says what it was.
  await data.role('age').selectOption('id');
  await expect(data.row('age')).toContainText('was dense');
  await expect(data.row('age')).toContainText('STRING');

  // Pick label columns: clk and buy become tasks.
  await data.row('clk').getByRole('button', { name: 'Make task' }).click();
  await expect(data.row('clk')).toContainText('task clk');
  await data.row('buy').getByRole('button', { name: 'Make task' }).click();
  await expect(data.row('buy')).toContainText('task buy');
  await expect(page.getByRole('list', { name: 'Label findings' })).toContainText(
    'Task buy: 40.0% positive (2 of 5).',
  );
  await expect(page.getByTestId('task-node-clk')).toBeInViewport();
  await expect(page.getByTestId('task-node-buy')).toBeInViewport();
  await data.shot('data-dropped.png');
});

test('bad rows are listed with their line numbers; stop instead of skip', async ({ page }) => {
  const data = new DataTab(page);
  await data.openFresh();
  await page.getByLabel('Train file').setInputFiles({
    name: 'ragged.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n'),
  });
  const issues = page.getByRole('list', { name: 'Problems while reading' });
  await expect(issues).toContainText('Expected 3 fields, found 2 or 4. ×2 (lines 3, 5)');
  await expect(data.loaded).toContainText('2 rows');
  await page.getByLabel('Stop at the first one').check();
  await expect(data.loaded).toContainText('1 row ·');
  await expect(issues).toContainText('Reading stopped at the first bad row.');
  await data.shot('data-bad-rows.png');
});

test('a gzip file is read by its magic bytes (DecompressionStream in the worker)', async ({
  page,
}) => {
  const data = new DataTab(page);
  await data.openFresh();
  await page.getByLabel('Train file').setInputFiles({
    name: 'logs.csv.gz',
    mimeType: 'application/gzip',
    buffer: gzipSync(Buffer.from(SMALL_CSV)),
  });
  await expect(data.loaded).toContainText('logs.csv.gz');
  await expect(data.loaded).toContainText('5 rows');
  await expect(data.loaded).toContainText('gzip');
  await expect(data.role('tags')).toHaveValue('tag');
});

test('a headerless file gets c0, c1, … which the user renames', async ({ page }) => {
  const data = new DataTab(page);
  await data.openFresh();
  await data.drop('plain.tsv', '0\tu1\t3.5\n1\tu2\t4.5\n0\tu3\t1.5\n');
  await expect(data.role('c0')).toBeVisible();
  await expect(page.getByRole('combobox', { name: 'Separator' })).toHaveValue('\t');
  const names = page.getByRole('textbox', { name: 'Column names, comma-separated' });
  await names.fill('clk, user_id');
  await expect(page.getByText('2 names for 3 columns.')).toBeVisible();
  await names.fill('clk, user_id, price');
  await page.getByRole('button', { name: 'Rename' }).click();
  await expect(data.role('user_id')).toHaveValue('id');
  await expect(data.role('price')).toHaveValue('dense');
  await expect(data.role('clk')).toHaveValue('label');

  // "u2" as a missing-value token: user_id then has one missing cell of three.
  const missing = page.getByRole('textbox', { name: 'Missing values' });
  await missing.fill('NULL, ?, NA, u2');
  await missing.press('Enter');
  await expect(data.row('user_id')).toContainText('33.3% missing');
});

test('UCI adult.data: headerless ", " file, names from a known layout, derived label', async ({
  page,
}) => {
  test.skip(!existsSync(ADULT), `${ADULT} is absent`);
  const data = new DataTab(page);
  await data.openFresh();
  await page.getByLabel('Train file').setInputFiles(ADULT);
  await expect(data.loaded).toContainText('32,561 rows', { timeout: 30_000 });
  await expect(data.loaded).toContainText('15 columns');
  await expect(page.getByRole('checkbox', { name: 'First line is a header' })).not.toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'Trim spaces' })).toBeChecked();

  await page
    .getByRole('combobox', { name: 'Column names' })
    .selectOption({ label: 'UCI Adult (adult.data, adult.test)' });
  await expect(data.row('income')).toBeVisible({ timeout: 30_000 });
  await expect(data.row('income')).toContainText('24.1% positive');
  await data.row('income').getByRole('button', { name: 'Make task' }).click();

  await page.getByRole('combobox', { name: 'Derive from column' }).selectOption('marital-status');
  await page.getByRole('combobox', { name: 'Derive when equal to' }).selectOption('Never-married');
  await page.getByRole('button', { name: 'Add label column' }).click();
  const derived = data.row('marital_status_is_never_married');
  await expect(derived).toContainText('32.8% positive');
  await derived.getByRole('button', { name: 'Make task' }).click();
  await expect(derived).toContainText('task marital_status_is_never_married');
  // marital-status determines the derived label: the checks call it leakage.
  await expect(page.getByRole('list', { name: 'Label findings' })).toContainText(
    'feature column marital-status determines the label',
  );
  await data.shot('data-adult.png');

  // adult.data lacks the derived label (and has ", " cells and text labels): the Data tab
  // offers the samples in the exported config's layout, which the config names.
  const files = page.getByTestId('samples-files');
  await expect(files).toContainText('train_input_path: adult_train.csv');
  await expect(files).toContainText(
    'adult.data does not fit the config as it is (column marital_status_is_never_married not in it; spaces around cells; label income not written as numbers).',
  );
  // The derived column: INT32 as the config declares it, and what its 1 means.
  await expect(derived).toContainText('binary (1 = marital-status is Never-married)');
  await expect(derived.locator('.schema__type')).toHaveText('INT32');
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download train samples (adult_train.csv)' }).click();
  const saved = await (await download).path();
  const first = (await readFile(saved, 'utf8')).split('\n', 1)[0];
  // No header (with_header false, as adult.data): the first record, 16 fields, labels as 0/1.
  // Record 1 of adult.data: 39, State-gov, …, Never-married, …, <=50K.
  expect(first).toBe(
    '39,State-gov,77516,Bachelors,13,Never-married,Adm-clerical,Not-in-family,White,Male,2174,0,40,United-States,0,1',
  );
  await page.getByRole('tab', { name: 'Config' }).click();
  await expect(page.getByTestId('config-files')).toHaveText(
    'Reads adult_train.csv (Data tab → Download train samples), no eval file.',
  );
  // The project started from the file keeps the demo's layers without batch norm, and so do
  // the towers of the tasks made here: no `use_bn: true` anywhere in the export.
  const preview = (await page.getByTestId('config-preview').textContent()) ?? '';
  expect(preview).toContain('tower_name: "income"');
  expect(preview).toContain('use_bn: false');
  expect(preview).not.toContain('use_bn: true');
  expect(preview.match(/dnn \{/g)?.length).toBe(preview.match(/use_bn: false/g)?.length);

  // Back to the demo: project and data together, so Train has the columns it reads.
  await data.open();
  await page.getByRole('button', { name: 'Use demo project and data' }).click();
  await expect(data.loaded).toContainText('Demo data');
  await expect(page.getByTestId('notice')).toContainText('adult.data was set aside');
  await expect(page.getByRole('textbox', { name: 'Project name' })).toHaveValue(
    'Live streaming (demo data)',
  );
});

test('a derived label is saved with the project: after a reload adult.data loads with it', async ({
  page,
}) => {
  test.skip(!existsSync(ADULT), `${ADULT} is absent`);
  // The first 200 records of adult.data, as the file itself: headerless, ", " between cells.
  const text = `${(await readFile(ADULT, 'utf8')).split('\n').slice(0, 200).join('\n')}\n`;
  const adult = { name: 'adult.data', mimeType: 'text/csv', buffer: Buffer.from(text) };
  const data = new DataTab(page);
  await data.openFresh();
  await data.uploadTrain(adult, 'adult.data · 200 rows');
  await data.useColumnNames(/UCI Adult/);
  await expect(data.row('income')).toBeVisible();
  expect(await data.deriveEquals('marital-status', 'Never-married', 'never_married')).toBe(
    'never_married',
  );
  expect(await data.makeTask('never_married')).toBe('never_married');
  // The project in the browser's storage records how the column is made.
  await expect
    .poll(async () => {
      const saved = await page.evaluate(() => localStorage.getItem('dbmtl-studio:project'));
      const file = JSON.parse(saved ?? '{}') as { project?: { data?: { derivedLabels?: [] } } };
      return file.project?.data?.derivedLabels;
    })
    .toEqual([
      { kind: 'equals', name: 'never_married', source: 'marital-status', value: 'Never-married' },
    ]);

  // A reload: the saved project, the demo samples. The same file again is not held back.
  await page.reload();
  await data.open();
  await data.uploadTrain(adult, 'adult.data · 200 rows');
  await expect(page.getByRole('alert', { name: 'File held back' })).toHaveCount(0);
  await expect(data.row('never_married')).toContainText('derived');
  await expect(data.row('never_married')).toContainText('task never_married');
  await expect(data.row('marital-status')).toBeVisible();
});

/** Pastes the Taobao config, then loads the headerless taobao_test_data in the Data tab. */
async function importTaobaoAndLoad(page: Page): Promise<DataTab> {
  const data = new DataTab(page);
  await data.openFresh();
  const config = new ConfigTab(page);
  await config.open();
  await config.paste(taobaoConfig());
  await data.open();
  await page.getByLabel('Train file').setInputFiles(TAOBAO);
  await expect(data.loaded).toContainText('10,000 rows', { timeout: 30_000 });
  return data;
}

test('an imported Taobao config names the headerless taobao_test_data (clk, buy…)', async ({
  page,
}) => {
  test.skip(!existsSync(TAOBAO), `${TAOBAO} is absent`);
  const data = await importTaobaoAndLoad(page);
  await expect(page.getByTestId('names-from-fields')).toContainText(
    "the 20 columns take the names of the project's input_fields",
  );
  await expect(data.row('clk')).toBeVisible();
  await expect(data.row('buy')).toBeVisible();
  await expect(data.row('c0')).toHaveCount(0);
  await expect(page.getByRole('combobox', { name: 'Column names' })).toHaveValue(
    TAOBAO_COLUMNS.join(','),
  );
  // buy has 4 positives in 10,000 rows (real.test.ts): too few for a meaningful AUC.
  const findings = page.getByRole('list', { name: 'Label findings' });
  await expect(findings).toContainText('FEW_POSITIVES');
  await expect(findings).toContainText('Task cvr: only 4 positive rows');
  await expect(findings).not.toContainText('no column');
});

/** The input_names the exported config lists (one per feature), from the Config tab's preview. */
async function configInputs(page: Page): Promise<string[]> {
  await page.getByRole('tab', { name: 'Config' }).click();
  const text = (await page.getByTestId('config-preview').textContent()) ?? '';
  await page.getByRole('tab', { name: 'Data' }).click();
  return [...text.matchAll(/input_names: "([^"]*)"/g)].map((m) => m[1]!);
}

/** The features' input names of the project the app saved in the browser's storage, sorted. */
async function savedFeatureInputs(page: Page): Promise<string[]> {
  const saved = await page.evaluate(() => localStorage.getItem('dbmtl-studio:project'));
  const parsed = JSON.parse(saved ?? '{}') as {
    project?: { features?: { inputName: string }[] };
  };
  return (parsed.project?.features ?? []).map((f) => f.inputName).sort();
}

test('a file lacking the imported project’s columns is held back until the user chooses', async ({
  page,
}) => {
  test.skip(!existsSync(TAOBAO), `${TAOBAO} is absent`);
  const data = await importTaobaoAndLoad(page);
  const imported = await configInputs(page);
  expect(imported).toContain('user_id');
  expect(imported.length).toBeGreaterThanOrEqual(17);

  // A broken one-row file with three other columns: held back, named with what it lacks.
  await page.getByLabel('Train file').setInputFiles({
    name: 'broken.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('city,price,user\nx,3.5,u1\n'),
  });
  const held = page.getByRole('alert', { name: 'File held back' });
  await expect(held).toContainText('broken.csv lacks');
  await expect(held).toContainText(/lacks \d+ columns the project reads: pid, adgroup_id, /);
  await expect(held).toContainText('user_id');
  await expect(data.loaded).toContainText('taobao_test_data · 10,000 rows');
  expect(await configInputs(page)).toEqual(imported);
  await data.shot('data-held-back.png');

  // "Keep my project": nothing changes.
  await held.getByRole('button', { name: 'Keep my project' }).click();
  await expect(held).toBeHidden();
  await expect(data.loaded).toContainText('taobao_test_data · 10,000 rows');
  expect(await configInputs(page)).toEqual(imported);

  // Loaded again and replaced: the project follows the file; Undo restores the features.
  await page.getByLabel('Train file').setInputFiles({
    name: 'broken.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from('city,price,user\nx,3.5,u1\n'),
  });
  await held
    .getByRole('button', { name: "Replace the project's features with this file's columns" })
    .click();
  await expect(held).toBeHidden();
  await expect(data.loaded).toContainText('broken.csv · 1 row');
  // The project as the app saves it (its labels gone, the config cannot be exported now).
  await expect.poll(() => savedFeatureInputs(page)).toEqual(['city', 'price', 'user']);
  await page.keyboard.press('ControlOrMeta+z');
  await expect.poll(() => configInputs(page)).toEqual(imported);
});

test('a binary file is refused: the project keeps its data', async ({ page }) => {
  const data = new DataTab(page);
  await data.openFresh();
  await expect(data.loaded).toContainText('Demo data');
  const elf = Buffer.concat(
    Array.from({ length: 40 }, () => Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0xff, 0x0a])),
  );
  await page.getByLabel('Train file').setInputFiles({
    name: 'x.csv',
    mimeType: 'text/csv',
    buffer: elf,
  });
  await expect(page.getByRole('alert')).toContainText('Could not read x.csv');
  await expect(page.getByRole('alert')).toContainText('NOT_TEXT');
  await expect(data.loaded).toContainText('Demo data');
  await expect(page.getByText('Skip them and go on')).toHaveCount(0);
});

test('naming the columns keeps the validation file, read again with the names', async ({
  page,
}) => {
  const data = new DataTab(page);
  await data.openFresh();
  await data.drop('plain.tsv', '0\tu1\t3.5\n1\tu2\t4.5\n0\tu3\t1.5\n');
  await expect(data.role('c0')).toBeVisible();
  await page.getByLabel('Validation file').setInputFiles({
    name: 'valid.tsv',
    mimeType: 'text/tab-separated-values',
    buffer: Buffer.from('1\tu4\t2.5\n0\tu5\t0.5\n'),
  });
  const validation = page.getByText('Validation: valid.tsv');
  await expect(validation).toContainText('2 rows');
  await page
    .getByRole('textbox', { name: 'Column names, comma-separated' })
    .fill('clk, user_id, price');
  await page.getByRole('button', { name: 'Rename' }).click();
  await expect(data.role('user_id')).toHaveValue('id');
  await expect(validation).toContainText('2 rows');
});
