/**
 * What the editor tells a user about their input: malformed project files, invalid numbers
 * and names in the inspector, where a problem is fixed, where focus goes, and what a first
 * visit opens. Each test follows a report of a first-time user.
 */
import { SHOTS_DIR } from './shots';
import { expect, test } from '@playwright/test';
import { liveStreamingPreset } from '../src/core/project/presets';
import { serializeProject } from '../src/core/project/restore';
import { Editor } from './pages/editor';

const SHOTS = SHOTS_DIR;

const LOSS_TYPES = 'CLASSIFICATION, L2_LOSS, SIGMOID_L2_LOSS, BINARY_CROSS_ENTROPY_LOSS';

test('opens on the demo project, every task weighted 1 (durations in minutes)', async ({
  page,
}) => {
  const editor = new Editor(page);
  await editor.openFresh();
  await expect(page.getByRole('textbox', { name: 'Project name' })).toHaveValue(
    'Live streaming (demo data)',
  );
  for (const [task, weight] of [
    ['is_click', '1'],
    // Durations are in minutes (variance about 2 and 1): no down-weighting needed (demo.ts).
    ['view_costtime', '1'],
    ['on_mic_duration', '1'],
  ]) {
    await editor.select(task!);
    await expect(page.getByTestId('task-weight')).toHaveValue(weight!);
  }
});

test('a project file with a wrong type or an unknown enum is refused, naming task and field', async ({
  page,
}) => {
  const editor = new Editor(page);
  await editor.openFresh();
  const saved = JSON.parse(serializeProject(liveStreamingPreset()));
  const tasks = saved.project.tasks as Record<string, unknown>[];
  tasks[2]!.lossType = 'FOO';
  tasks[3]!.weight = 'abc';
  await editor.openFile('proj-malformed.json', JSON.stringify(saved));
  await expect(editor.notice).toContainText(
    `proj-malformed.json: task "view_costtime": lossType must be one of ${LOSS_TYPES}; found "FOO".`,
  );
  await expect(editor.notice).toContainText('The project was not changed');
  await expect(page.getByRole('textbox', { name: 'Project name' })).toHaveValue(
    'Live streaming (demo data)',
  );

  // A missing field is filled with its default, and the notice says which.
  tasks[2]!.lossType = 'L2_LOSS';
  tasks[3]!.weight = 1;
  delete tasks[1]!.weight;
  await editor.openFile('older.json', JSON.stringify(saved));
  await expect(editor.notice).toContainText(
    'Opened older.json. Filled defaults for missing fields: task "is_view": weight.',
  );
  await expect(page.getByRole('textbox', { name: 'Project name' })).toHaveValue('Live streaming');
});

test('invalid numbers stay in their field with an error until fixed or Escape', async ({
  page,
}) => {
  const editor = new Editor(page);
  await editor.openFresh();
  await editor.select('is_click');
  const inspector = page.getByTestId('task-inspector');
  const units = page.getByTestId('tower-mlp-units');
  const tower = page.getByTestId('tower-mlp');

  await units.fill('128, 64, abc');
  await units.press('Tab');
  await expect(units).toHaveValue('128, 64, abc');
  await expect(units).toHaveAttribute('aria-invalid', 'true');
  await expect(tower.getByRole('alert')).toHaveText(
    'Entry 3: "abc" is not a number. Not applied; Esc restores “128, 96, 64”.',
  );
  await units.press('Escape');
  await expect(units).toHaveValue('128, 96, 64');
  await expect(tower.getByRole('alert')).toHaveCount(0);

  const dropout = tower.getByLabel('Dropout ratios');
  await dropout.fill('1.5, 0');
  await dropout.press('Tab');
  await expect(dropout).toHaveValue('1.5, 0');
  await expect(tower.getByRole('alert')).toContainText('Entry 1: Must be below 1.');

  const weight = page.getByTestId('task-weight');
  for (const [text, error] of [
    ['-1', 'Must be at least 0.'],
    ['abc', '"abc" is not a number.'],
    ['', 'Enter a number.'],
  ]) {
    await weight.fill(text!);
    await weight.press('Tab');
    await expect(weight).toHaveValue(text!);
    await expect(inspector.getByRole('alert').filter({ hasText: error! })).toBeVisible();
  }
  // Nothing invalid reached the project: no problems, and the weight is still 1.
  await expect(page.getByTestId('problems-badge')).toHaveCount(0);
  await weight.evaluate((e) => e.scrollIntoView({ block: 'center' }));
  await page.screenshot({ path: `${SHOTS}/editor-fix-invalid-numbers.png` });
  await weight.fill('0.5');
  await weight.press('Tab');
  await expect(weight).toHaveValue('0.5');
  await expect(inspector.getByRole('alert').filter({ hasText: 'number' })).toHaveCount(0);
});

test('a refused name shows why under the field, clears once fixed, and Escape restores', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  const editor = new Editor(page);
  await editor.openFresh();
  await editor.select('is_click');
  const name = page.getByTestId('task-name');
  const field = page.locator('.field').filter({ has: name });

  await name.fill('1 bad-name');
  await name.press('Enter');
  await expect(field.getByRole('alert')).toContainText(
    '"1 bad-name" is not a valid task name: use letters, digits and _, not starting with a digit. Not applied; Esc restores “is_click”.',
  );
  await expect(name).toHaveAttribute('aria-invalid', 'true');
  await expect(editor.taskNode('is_click')).toBeVisible();
  // The message is under the input, and the input keeps the field's full width.
  const [input, message] = [await name.boundingBox(), await field.getByRole('alert').boundingBox()];
  expect(message!.y).toBeGreaterThan(input!.y + input!.height - 1);
  expect(input!.width).toBeGreaterThan(300);
  await name.press('Escape');
  await expect(name).toHaveValue('is_click');
  await expect(field.getByRole('alert')).toHaveCount(0);

  // A duplicate: the notice and the inline error both go once the name would be accepted.
  await name.fill('is_view');
  await name.press('Tab');
  await expect(field.getByRole('alert')).toContainText('A task named "is_view" already exists.');
  await expect(editor.notice).toContainText('A task named "is_view" already exists.');
  await page.screenshot({ path: `${SHOTS}/editor-fix-name-refused-1280.png` });
  await name.fill('is_view_2');
  await expect(field.getByRole('alert')).toHaveCount(0);
  await expect(editor.notice).toHaveCount(0);
  await name.press('Enter');
  await expect(editor.taskNode('is_view_2')).toBeVisible();
});

test('a problem focuses its field; Delete leaves focus on the canvas; list selects are named', async ({
  page,
}) => {
  const editor = new Editor(page);
  await editor.openFresh();
  await editor.select('is_view');
  await page.getByTestId('tower-mlp').getByLabel('Dropout ratios').fill('0.1');
  await editor.canvas.click({ position: { x: 40, y: 40 } });
  await page.getByRole('tab', { name: /Problems/ }).click();
  await page
    .getByRole('button', { name: /tower MLP: dropout ratio needs one entry per layer/ })
    .click();
  await expect(page.getByTestId('tower-mlp').getByLabel('Dropout ratios')).toBeFocused();
  await page.screenshot({ path: `${SHOTS}/editor-fix-problem-focus.png` });

  // Delete a task from the canvas with the keyboard: focus stays on the canvas.
  await editor.taskNode('is_on_mic').locator('.task-node__name').click();
  await page.keyboard.press('Delete');
  await expect(editor.taskNodes).toHaveCount(4);
  await expect(page.getByRole('application', { name: 'Task graph' })).toBeFocused();

  // The list view's "Add parent…" select has a name of its own.
  const row = page.getByTestId('task-row-view_costtime');
  await row.locator('summary').click();
  await expect(row.getByRole('combobox', { name: 'Add a parent to view_costtime' })).toBeVisible();
});
