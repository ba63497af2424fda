/** Editor journeys beyond the main one: files, the keyboard list view, canvas gestures. */
import { readFile } from 'node:fs/promises';
import { expect, test } from '@playwright/test';
import { Editor } from './pages/editor';

test('saves a project file, opens it again, and refuses broken or newer files unchanged', async ({
  page,
}) => {
  const editor = new Editor(page);
  await editor.openFresh();

  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Save project' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('Live_streaming_demo_data.dbmtl.json');
  const saved = await readFile(await download.path(), 'utf8');
  expect(JSON.parse(saved)).toMatchObject({ kind: 'dbmtl-studio-project', version: 1 });

  await editor.loadPreset(/Independent towers/);
  await expect(editor.relationEdges).toHaveCount(0);
  await editor.openFile('live.dbmtl.json', saved);
  await expect(editor.relationEdges).toHaveCount(6);
  await expect(editor.notice).toContainText('Opened live.dbmtl.json');

  const broken = [
    ['broken.json', '{"kind": "dbmtl-studio-project", ', 'is not valid JSON'],
    ['newer.json', saved.replace('"version": 1', '"version": 7'), 'saved by a newer DBMTL Studio'],
  ] as const;
  for (const [name, text, reason] of broken) {
    await editor.openFile(name, text);
    await expect(editor.notice).toContainText(reason);
    await expect(editor.notice).toContainText('The project was not changed');
    await expect(editor.taskNodes).toHaveCount(5);
    await expect(editor.relationEdges).toHaveCount(6);
  }
});

test('the list view edits the same graph from the keyboard', async ({ page }) => {
  const editor = new Editor(page);
  await editor.openFresh();
  const list = page.getByRole('navigation', { name: 'Palette and task list' });

  // Rename with the keyboard: the canvas and every relation follow.
  const name = list.getByRole('textbox', { name: 'Name of task is_on_mic' });
  await name.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('is_on_mic_2');
  await page.keyboard.press('Enter');
  await expect(editor.taskNode('is_on_mic_2')).toBeVisible();
  await expect(page.getByTestId('task-row-on_mic_duration')).toContainText(
    'depends on is_click, is_on_mic_2',
  );

  // An invalid name is refused in place, with the reason.
  const renamed = list.getByRole('textbox', { name: 'Name of task is_on_mic_2' });
  await renamed.focus();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('is view');
  await page.keyboard.press('Enter');
  await expect(list.getByTestId('commit-error')).toContainText('not a valid task name');
  await page.keyboard.press('Escape');

  // Reorder and add parents with buttons and a select, all by keyboard.
  const row = page.getByTestId('task-row-view_costtime');
  await row.locator('summary').focus();
  await page.keyboard.press('Enter');
  await row.getByRole('button', { name: 'Move is_view up' }).focus();
  await page.keyboard.press('Enter');
  await expect(row.locator('summary')).toContainText('depends on is_view, is_click');
  await row.getByRole('combobox').selectOption('is_on_mic_2');
  await row.getByRole('button', { name: 'Add', exact: true }).focus();
  await page.keyboard.press('Enter');
  await expect(row.locator('summary')).toContainText('depends on is_view, is_click, is_on_mic_2');
  await expect(editor.relationEdges).toHaveCount(7);
  // A parent that would close a cycle is offered but disabled.
  const clickRow = page.getByTestId('task-row-is_click');
  await clickRow.locator('summary').click();
  await expect(
    clickRow.getByRole('option', { name: /view_costtime \(would close a cycle\)/ }),
  ).toBeDisabled();

  // Delete with the keyboard, then add one.
  await list.getByRole('button', { name: 'Delete on_mic_duration' }).focus();
  await page.keyboard.press('Enter');
  await expect(editor.taskNodes).toHaveCount(4);
  await page.getByTestId('palette-task').focus();
  await page.keyboard.press('Enter');
  await expect(editor.taskNode('task')).toBeVisible();
});

test('a node drag and a run of arrow-key nudges are one undo step each; double-click adds; shift-click multi-selects; edges delete', async ({
  page,
}) => {
  const editor = new Editor(page);
  await editor.openFresh();
  const node = editor.taskNode('is_click');
  const before = await node.boundingBox();
  if (!before) throw new Error('no node');
  await page.mouse.move(before.x + 60, before.y + 20);
  await page.mouse.down();
  await page.mouse.move(before.x + 160, before.y + 60, { steps: 12 });
  await page.mouse.move(before.x + 260, before.y + 80, { steps: 12 });
  await page.mouse.up();
  const after = await node.boundingBox();
  expect(after!.x - before.x).toBeGreaterThan(150);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await node.boundingBox())!.x).toBeCloseTo(before.x, 0);
  await page.keyboard.press('Control+y');
  await expect.poll(async () => (await node.boundingBox())!.x).toBeCloseTo(after!.x, 0);

  // Arrow keys nudge a focused node; a run of nudges is one undo step.
  await node.click();
  const start = (await node.boundingBox())!.x;
  for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
  await expect.poll(async () => (await node.boundingBox())!.x).toBeGreaterThan(start + 5);
  await page.keyboard.press('Control+z');
  await expect.poll(async () => (await node.boundingBox())!.x).toBeCloseTo(start, 0);

  // Double-click on the empty canvas adds a task there.
  await editor.canvas.dblclick({ position: { x: 60, y: 60 } });
  await expect(editor.taskNodes).toHaveCount(6);
  await expect(page.getByTestId('task-inspector')).toContainText('task');

  // Shift-click selects several tasks.
  await editor.taskNode('is_view').locator('.task-node__name').click();
  await editor
    .taskNode('is_on_mic')
    .locator('.task-node__name')
    .click({ modifiers: ['Shift'] });
  await expect(page.getByRole('heading', { name: '2 tasks selected' })).toBeVisible();

  // Shift-drag on the empty canvas draws a selection box.
  await editor.canvas.click({ position: { x: 30, y: 30 } });
  const left = (await editor.taskNode('on_mic_duration').boundingBox())!;
  const right = (await editor.taskNode('view_costtime').boundingBox())!;
  await page.keyboard.down('Shift');
  await page.mouse.move(left.x - 20, left.y - 20);
  await page.mouse.down();
  await page.mouse.move(right.x + right.width + 20, right.y + right.height + 20, { steps: 10 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect(page.getByRole('heading', { name: '2 tasks selected' })).toBeVisible();
  await expect(page.locator('.inspector')).toContainText('view_costtime, on_mic_duration');

  // Delete removes a selected edge as one 'disconnect'; undo restores it.
  await editor.canvas.click({ position: { x: 30, y: 30 } });
  await editor.relationEdges.first().click({ force: true });
  await page.keyboard.press('Delete');
  await expect(editor.relationEdges).toHaveCount(5);
  await page.keyboard.press('Control+z');
  await expect(editor.relationEdges).toHaveCount(6);
});
