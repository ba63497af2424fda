/**
 * Journey 1 of issue 8, UCI Adult (../shared/data/uci-adult), as a new user meets it: upload
 * adult.data and adult.test (held out), name the headerless columns, map `income` to a binary
 * label (>50K positive; adult.test writes `>50K.`), derive "never married" from
 * marital-status, add hours-per-week as a regression task, draw the graph, leave
 * marital-status and relationship out of the inputs, train, read the held-out AUC on the
 * badges, export the config, import it again and find the graph unchanged.
 *
 * Counts come from the data set's README (../shared/data/uci-adult/README.md): 32,561 train
 * and 16,281 test records, >50K 7,841 (train) and 3,846 (test), Never-married 10,683 (train)
 * and 5,434 (test). The AUC bounds are issue 5's (income ≥ 0.85, never married ≥ 0.86).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { DataTab } from './pages/data';
import { Editor } from './pages/editor';
import { TrainDock } from './pages/train';
import { SHOTS_DIR } from './shots';

const DIR = path.resolve(import.meta.dirname, '../../shared/data/uci-adult');
const ADULT_DATA = path.join(DIR, 'adult.data');
const ADULT_TEST = path.join(DIR, 'adult.test');
/** Issue 5's held-out AUC targets on adult.test. */
const AUC_TARGET = { income: 0.85, never_married: 0.86 };

// Playwright's trace snapshots the DOM at every action: kept off for a journey this long.
test.use({ trace: 'off' });

/** The number in a badge such as "AUC 0.871". */
async function badgeAuc(train: TrainDock, task: string): Promise<number> {
  const text = (await train.badge(task).textContent()) ?? '';
  const match = /^AUC (0\.\d+)$/.exec(text);
  if (!match) throw new Error(`badge of ${task} reads "${text}", not an AUC`);
  return Number(match[1]);
}

/** The task's parents as the inspector lists them (in relation_tower_names order). */
async function parentsOf(page: Page, editor: Editor, task: string): Promise<string[]> {
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await editor.select(task);
  return page
    .getByRole('group', { name: `Parents of ${task}` })
    .locator('.parents__name')
    .allTextContents();
}

test('UCI Adult: two files, three tasks, a graph, held-out AUC, export and re-import', async ({
  page,
}, info) => {
  test.skip(!existsSync(ADULT_DATA) || !existsSync(ADULT_TEST), `${DIR} lacks adult.data/test`);
  test.setTimeout(240_000);
  const started = Date.now();
  const data = new DataTab(page);
  const editor = new Editor(page);
  const train = new TrainDock(page);

  // Samples: adult.data has no header; its columns take the UCI layout's names.
  await data.openFresh();
  await data.uploadTrain(ADULT_DATA, '32,561 rows');
  await expect(data.loaded).toContainText('15 columns');
  await data.useColumnNames(/UCI Adult/);
  await expect(data.row('income')).toBeVisible({ timeout: 30_000 });
  await expect(
    page.getByRole('combobox', { name: 'Column names' }).locator('option:checked'),
  ).toHaveText(/UCI Adult/);

  // The held-out file: read with the same columns, its junk first line skipped and said so.
  await data.uploadValidation(ADULT_TEST, '16,281 rows');
  await expect(data.heldOut).toHaveValue('file');
  await expect(
    page.getByRole('list', { name: 'Problems while reading the validation file' }),
  ).toContainText('Skipped a line before the data: "|1x3 Cross validator". (line 1)');

  // income: a binary label with >50K as 1; adult.test's ">50K." reads the same.
  await expect(data.role('income')).toHaveValue('label');
  await expect(data.row('income')).toContainText('binary (1 = >50K)');
  expect(await data.makeTask('income')).toBe('income');
  await expect(data.finding('Task income:', 'POSITIVE_RATE')).toHaveText(
    /24\.1% positive \(7,841 of 32,561\)/,
  );
  await expect(data.heldOutFinding('Task income:', 'POSITIVE_RATE')).toHaveText(
    /23\.6% positive \(3,846 of 16,281\)/,
  );

  // never_married: derived from marital-status ("value equals X").
  const derived = await data.deriveEquals('marital-status', 'Never-married', 'never_married');
  expect(derived).toBe('never_married');
  await expect(data.row('never_married')).toContainText('32.8% positive');
  expect(await data.makeTask('never_married')).toBe('never_married');
  await expect(data.finding('Task never_married:', 'POSITIVE_RATE')).toHaveText(/10,683 of 32,561/);
  await expect(data.heldOutFinding('Task never_married:', 'POSITIVE_RATE')).toHaveText(
    /5,434 of 16,281/,
  );
  await expect(data.findings).toContainText('feature column marital-status determines the label');

  // hours-per-week: a number made a label, then a regression task with the suggested weight.
  await data.setRole('hours-per-week', 'label');
  await expect(data.row('hours-per-week')).toContainText('numeric');
  expect(await data.makeTask('hours-per-week')).toBe('hours_per_week');
  const scale = data.finding('Task hours_per_week: label variance');
  await scale.getByRole('button', { name: /^Use weight/ }).click();
  await expect(scale).toContainText('(set)');

  // marital-status and relationship leave the inputs: 15 columns - 2 labels - 2 = 11 features.
  await data.setRole('marital-status', 'ignore');
  await data.setRole('relationship', 'ignore');
  await expect(page.getByTestId('block-input')).toContainText('Input features (11)');
  await expect(data.findings).not.toContainText('determines the label');
  await page.screenshot({ path: `${SHOTS_DIR}/journey-adult-data.png` });

  // The graph: never_married → income by mouse, and both → hours_per_week, one by mouse and
  // one in the inspector's parents editor.
  await editor.connect('never_married', 'income');
  await editor.connect('income', 'hours_per_week');
  await page.getByRole('tab', { name: 'Inspector' }).click();
  await editor.select('hours_per_week');
  await page
    .getByRole('combobox', { name: 'Add a parent to hours_per_week' })
    .selectOption('never_married');
  await page
    .getByRole('group', { name: 'Parents of hours_per_week' })
    .getByRole('button', { name: 'Add' })
    .click();
  await expect(editor.relationEdges).toHaveCount(3);
  await page.getByRole('button', { name: 'Auto layout' }).click();
  const graph = {
    income: await parentsOf(page, editor, 'income'),
    hours_per_week: await parentsOf(page, editor, 'hours_per_week'),
    never_married: await parentsOf(page, editor, 'never_married'),
  };
  expect(graph).toEqual({
    income: ['never_married'],
    hours_per_week: ['income', 'never_married'],
    never_married: [],
  });

  // Train on WASM: 800 steps of 256 rows (about 6 epochs of adult.data), evaluated on all of
  // adult.test every 200 steps.
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await train.configure({ steps: 800, batch: 256, evalEvery: 200, backend: 'wasm' });
  const trainStart = Date.now();
  await train.start();
  await expect(train.backend).toContainText('Backend: WASM', { timeout: 60_000 });
  await expect(train.phase).toHaveText('finished', { timeout: 180_000 });
  const trainSeconds = (Date.now() - trainStart) / 1000;
  for (const task of ['income', 'never_married', 'hours_per_week']) {
    await train.expectPoints(`${task}-loss`, 2, 5_000);
    await train.expectPoints(`${task}-quality`, 4, 5_000);
  }
  const auc = {
    income: await badgeAuc(train, 'income'),
    never_married: await badgeAuc(train, 'never_married'),
  };
  await expect(train.badge('hours_per_week')).toHaveText(/^(MSE|MAE|RMSE) /);
  info.annotations.push({ type: 'held-out AUC', description: JSON.stringify(auc) });
  await page.screenshot({ path: `${SHOTS_DIR}/journey-adult-trained.png` });
  await train.button('Enlarge').click();
  await page.screenshot({ path: `${SHOTS_DIR}/journey-adult-charts.png` });
  await train.button('Show canvas').click();
  expect(auc.income).toBeGreaterThanOrEqual(AUC_TARGET.income);
  expect(auc.never_married).toBeGreaterThanOrEqual(AUC_TARGET.never_married);

  // Export: the downloaded pipeline.config holds the graph, the labels and the inputs.
  await page.getByRole('tab', { name: 'Config' }).click();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download pipeline.config' }).click(),
  ]);
  const config = await readFile(await download.path(), 'utf8');
  expect(config).toContain('model_class: "DBMTL"');
  // Not the demo's live_demo.csv, and not adult.data/adult.test themselves (no never_married
  // column, ", " cells, text labels, a junk first line): the samples files the Data tab writes.
  expect(config).toContain('train_input_path: "adult_train.csv"');
  expect(config).toContain('eval_input_path: "adult_eval.csv"');
  await expect(page.getByTestId('config-files')).toHaveText(
    'Reads adult_train.csv (Data tab → Download train samples) and adult_eval.csv (Data tab → Download validation samples).',
  );
  expect(config).toContain('model_dir: "experiments/adult"');
  expect(config).toContain('input_name: "never_married"');
  for (const tower of ['income', 'never_married', 'hours_per_week'])
    expect(config).toContain(`tower_name: "${tower}"`);
  expect(config).toContain('label_name: "hours-per-week"');
  expect(config).toContain('loss_type: L2_LOSS');
  const towers = config.split('task_towers {').slice(1);
  const towerOf = (name: string) => towers.find((t) => t.includes(`tower_name: "${name}"`)) ?? '';
  expect(towerOf('income')).toMatch(/relation_tower_names: "never_married"/);
  expect(towerOf('hours_per_week')).toMatch(/relation_tower_names: "income"/);
  expect(towerOf('hours_per_week')).toMatch(/relation_tower_names: "never_married"/);
  const features = [...config.matchAll(/feature_names: "([^"]+)"/g)].map((m) => m[1]);
  expect(features).toHaveLength(11);
  for (const left of ['marital-status', 'relationship', 'income', 'hours-per-week'])
    expect(features).not.toContain(left);

  // The samples files are in the layout the config declares: no header (with_header false),
  // its separator, input_fields in order; first records of adult.data and adult.test (README).
  const fields = [...config.matchAll(/input_name: "([^"]+)"/g)].map((m) => m[1]!);
  expect(fields).toHaveLength(16);
  expect(config).not.toContain('with_header: true');
  const separator = /separator: "(.)"\n\s*with_header/.exec(config)?.[1] ?? ',';
  const firstRecord = async (button: string) => {
    const [file] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: button }).click(),
    ]);
    const line = (await readFile(await file.path(), 'utf8')).split('\n', 1)[0]!;
    const cells = line.split(separator);
    expect(cells).toHaveLength(fields.length);
    return Object.fromEntries(fields.map((name, i) => [name, cells[i]]));
  };
  await data.open();
  const trainRecord = await firstRecord('Download train samples (adult_train.csv)');
  // adult.data line 1: 39, State-gov, …, Never-married, …, 40, United-States, <=50K.
  expect(trainRecord).toMatchObject({
    age: '39',
    'marital-status': 'Never-married',
    'hours-per-week': '40',
    income: '0',
    never_married: '1',
  });
  const evalRecord = await firstRecord('Download validation samples (adult_eval.csv)');
  // adult.test line 2 (line 1 is junk): 25, Private, …, Never-married, …, 40, United-States, <=50K.
  expect(evalRecord).toMatchObject({
    age: '25',
    'marital-status': 'Never-married',
    income: '0',
    never_married: '1',
  });
  await page.getByRole('tab', { name: 'Config' }).click();

  // Re-import: the live-streaming preset replaces the graph, then the exported file brings
  // the Adult graph back.
  await editor.loadPreset(/Live streaming/);
  await expect(editor.taskNodes).toHaveCount(5);
  await page.getByTestId('config-file-input').setInputFiles({
    name: 'pipeline.config',
    mimeType: 'text/plain',
    buffer: Buffer.from(config),
  });
  await expect(page.getByTestId('import-report')).toContainText('Imported pipeline.config');
  // A generic file name: the project is named after model_dir (experiments/adult), not "pipeline".
  await expect(page.getByRole('textbox', { name: 'Project name' })).toHaveValue('adult');
  await expect(editor.taskNodes).toHaveCount(3);
  await expect(editor.relationEdges).toHaveCount(3);
  expect((await editor.taskNames()).sort()).toEqual(['hours_per_week', 'income', 'never_married']);
  expect({
    income: await parentsOf(page, editor, 'income'),
    hours_per_week: await parentsOf(page, editor, 'hours_per_week'),
    never_married: await parentsOf(page, editor, 'never_married'),
  }).toEqual(graph);
  await page.getByRole('tab', { name: 'Config' }).click();
  await page.screenshot({ path: `${SHOTS_DIR}/journey-adult-reimported.png` });

  const seconds = (Date.now() - started) / 1000;
  // eslint-disable-next-line no-console -- the journey's timings, for CI budgets
  console.log(
    `[adult] journey ${seconds.toFixed(0)} s, training ${trainSeconds.toFixed(0)} s, AUC ${JSON.stringify(auc)}`,
  );
});
