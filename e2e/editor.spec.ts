/**
 * Journeys through the task-graph editor with the mouse and the keyboard, in Debian's
 * Chromium against the built app.
 */
import { expect, test } from '@playwright/test';
import { Editor } from './pages/editor';

test.describe('task-graph editor', () => {
  test('builds a three-task graph with the mouse, refuses a cycle, undoes, and survives a reload', async ({
    page,
  }) => {
    const editor = new Editor(page);
    await editor.openFresh();
    await editor.loadPreset('Empty project');
    await expect(page.getByTestId('canvas-empty')).toContainText(
      'Drag a Task from the palette or pick a preset',
    );

    // Three tasks dragged from the palette, one under the other.
    await editor.dragTaskToCanvas(320, 140);
    await editor.dragTaskToCanvas(320, 340);
    await editor.dragTaskToCanvas(320, 540);
    await expect(editor.taskNodes).toHaveCount(3);
    expect((await editor.taskNames()).sort()).toEqual(['task', 'task_2', 'task_3']);

    // Two edges by dragging between handles: task → task_2 → task_3.
    await editor.connect('task', 'task_2');
    await expect(editor.relationEdges).toHaveCount(1);
    await editor.connect('task_2', 'task_3');
    await expect(editor.relationEdges).toHaveCount(2);
    await expect(editor.taskNode('task_3')).toContainText('parents1');

    // Labels set in the inspector.
    for (const [name, label] of [
      ['task', 'clk'],
      ['task_2', 'view'],
      ['task_3', 'buy'],
    ] as const) {
      await editor.select(name);
      await editor.setLabel(label);
      await expect(editor.taskNode(name)).toContainText(label);
    }

    // Closing the cycle is refused while dragging, and again on release, with its path.
    const path = 'task → task_2 → task_3 → task';
    await editor.connect('task_3', 'task', async () => {
      await expect(page.getByTestId('connect-hint')).toContainText(
        `Refused: That edge would close a cycle: ${path}`,
      );
    });
    await expect(editor.notice).toContainText(path);
    await expect(editor.relationEdges).toHaveCount(2);
    await page.getByRole('button', { name: 'Dismiss notice' }).click();
    await expect(editor.notice).toHaveCount(0);

    // Undo and redo from the keyboard (focus on the canvas, not in a field) and the toolbar.
    await editor.canvas.click({ position: { x: 40, y: 40 } });
    await page.keyboard.press('Control+z');
    await expect(editor.taskNode('task_3')).toContainText('task_3'); // label reverts to the name
    await expect(editor.taskNode('task_3')).not.toContainText('buy');
    await page.keyboard.press('Control+Shift+z');
    await expect(editor.taskNode('task_3')).toContainText('buy');
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+y');
    await expect(editor.taskNode('task_3')).toContainText('buy');
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect(editor.taskNode('task_3')).not.toContainText('buy');
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect(editor.taskNode('task_3')).toContainText('buy');
    await expect(page.getByRole('button', { name: 'Redo' })).toBeDisabled();

    // Reload: the stored project comes back unchanged.
    await editor.waitForSaved('"labelName": "buy"');
    const before = await page.evaluate(() => localStorage.getItem('dbmtl-studio:project'));
    await page.reload();
    await expect(editor.taskNodes).toHaveCount(3);
    await expect(editor.relationEdges).toHaveCount(2);
    await expect(editor.taskNode('task')).toContainText('clk');
    await expect(editor.taskNode('task_2')).toContainText('view');
    await expect(editor.taskNode('task_3')).toContainText('buy');
    expect(await page.evaluate(() => localStorage.getItem('dbmtl-studio:project'))).toBe(before);
  });

  test('loads each preset', async ({ page }) => {
    const editor = new Editor(page);
    await editor.openFresh();
    const presets = [
      { title: /Live streaming/, tasks: 5, edges: 6 },
      { title: /Click → buy/, tasks: 2, edges: 1 },
      { title: /Independent towers/, tasks: 5, edges: 0 },
    ];
    for (const preset of presets) {
      await editor.loadPreset(preset.title);
      await expect(editor.taskNodes).toHaveCount(preset.tasks);
      await expect(editor.relationEdges).toHaveCount(preset.edges);
      await expect(editor.notice).toContainText('Loaded preset');
    }
    await expect(editor.taskNode('ctr')).toHaveCount(0);
    await editor.loadPreset(/Click → buy/);
    await expect(editor.taskNode('cvr')).toContainText('buy');
    await expect(page.getByTestId('block-bottom')).toContainText('[1024, 512, 256]');
  });

  test('Backspace deletes the selected task on the canvas but not while typing its name', async ({
    page,
  }) => {
    const editor = new Editor(page);
    await editor.openFresh();
    await editor.select('on_mic_duration');

    const name = page.getByTestId('task-name');
    await name.click();
    await name.press('End');
    await name.press('Backspace');
    await name.press('Backspace');
    await expect(name).toHaveValue('on_mic_durati');
    await expect(editor.taskNodes).toHaveCount(5);
    await name.press('Escape');
    await expect(name).toHaveValue('on_mic_duration');

    await editor.taskNode('on_mic_duration').click();
    await page.keyboard.press('Backspace');
    await expect(editor.taskNodes).toHaveCount(4);
    await expect(editor.taskNode('on_mic_duration')).toHaveCount(0);
    await page.keyboard.press('Control+z');
    await expect(editor.taskNodes).toHaveCount(5);
    await expect(editor.relationEdges).toHaveCount(6);
  });

  test('Ctrl+Z inside a text field is the browser text undo, not a graph undo', async ({
    page,
  }) => {
    const editor = new Editor(page);
    await editor.openFresh();
    await page.getByRole('button', { name: '+ Add task' }).click();
    await expect(editor.taskNodes).toHaveCount(6);

    const name = page.getByRole('textbox', { name: 'Project name' });
    await name.click();
    await page.keyboard.type(' v2');
    await page.keyboard.press('Control+z');
    await expect(editor.taskNodes).toHaveCount(6);

    // Outside the field the same keys undo the graph: the rename (committed on blur), then the add.
    await name.fill('Live streaming v2');
    await name.press('Enter');
    await editor.canvas.click({ position: { x: 30, y: 30 } });
    await page.keyboard.press('Control+z');
    await expect(name).toHaveValue('Live streaming (demo data)');
    await page.keyboard.press('Control+z');
    await expect(editor.taskNodes).toHaveCount(5);
  });

  test('an invalid number stays in its field with an error and is not applied', async ({
    page,
  }) => {
    const editor = new Editor(page);
    await editor.openFresh();
    await editor.select('is_click');
    const units = page.getByTestId('tower-mlp-units');
    await units.fill('128, abc');
    await expect(page.getByText('Entry 2: "abc" is not a number.')).toBeVisible();
    await units.fill('128, 64');
    await units.blur();
    await expect(units).toHaveValue('128, 64');
    // Typing the list was one undo step.
    await editor.canvas.click({ position: { x: 40, y: 40 } });
    await page.keyboard.press('Control+z');
    await editor.select('is_click');
    await expect(page.getByTestId('tower-mlp-units')).toHaveValue('128, 96, 64');
  });

  test('clicking a problem selects its task', async ({ page }) => {
    const editor = new Editor(page);
    await editor.openFresh();
    await editor.select('is_view');
    await page.getByTestId('tower-mlp-units').fill('128, 999999');
    await expect(
      editor.taskNode('is_view').getByRole('img', { name: 'has problems' }),
    ).toBeVisible();
    await editor.canvas.click({ position: { x: 40, y: 40 } });
    await page.getByRole('tab', { name: /Problems/ }).click();
    await expect(page.getByTestId('problems-badge')).toHaveText('1');
    await page
      .getByRole('button', { name: /Task "is_view" tower MLP: a layer of 999999 units/ })
      .click();
    await expect(page.getByTestId('task-inspector')).toContainText('is_view');
  });
});
