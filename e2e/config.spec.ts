/** The Config tab: live preview, download, and import by paste, file and drop, with the report. */
import { SHOTS_DIR } from './shots';
import { readFile } from 'node:fs/promises';
import { expect, test, type Page } from '@playwright/test';
import { exportConfig } from '../src/core/easyrec';
import { liveStreamingPreset } from '../src/core/project/presets';
import { ConfigTab } from './pages/config';
import { Editor } from './pages/editor';

const SHOTS = SHOTS_DIR;

/** What the app exports for the default project, computed by the same core in Node. */
const liveConfig = (() => {
  const result = exportConfig(liveStreamingPreset());
  if (!result.ok) throw new Error('the live-streaming preset must export');
  return result.text;
})();

/** Opens the app on the live-streaming preset (a first visit opens the demo) and its Config tab. */
async function openLive(page: Page): Promise<{ editor: Editor; config: ConfigTab }> {
  const editor = new Editor(page);
  const config = new ConfigTab(page);
  await editor.openFresh();
  await editor.loadPreset(/Live streaming/);
  await config.open();
  return { editor, config };
}

/** 1-based line of the first line of `text` containing `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((line) => line.includes(needle)) + 1;
}

test('previews, downloads and imports pipeline.config, reporting what it leaves out', async ({
  page,
}) => {
  const { editor, config } = await openLive(page);

  // The live preview of the default live-streaming project.
  await expect(config.preview).toContainText('model_class: "DBMTL"');
  await expect(config.preview).toContainText('relation_tower_names: "is_on_mic"');
  await page.screenshot({ path: `${SHOTS}/config-preview.png` });

  // Download: the file is exactly what the core exports.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download pipeline.config' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('pipeline.config');
  expect(await readFile(await download.path(), 'utf8')).toBe(liveConfig);

  // Paste a config with a losses block: imported, and the block reported with its line.
  const withLosses = liveConfig.replace(
    '      tower_name: "is_view"\n',
    '      tower_name: "is_view"\n      losses {\n        loss_type: CLASSIFICATION\n      }\n',
  );
  const lossesLine = lineOf(withLosses, 'losses {');
  await config.paste(withLosses);
  await expect(config.report).toContainText('Imported pasted config');
  const entry = config.entries.filter({ hasText: 'task_towers[1].losses[0]' });
  await expect(entry).toContainText(`${lossesLine}:7`);
  await expect(entry).toContainText('several losses per tower');
  await expect(editor.taskNodes).toHaveCount(5);
  await expect(editor.notice).toContainText('Imported pasted config: 5 tasks');
  await page.screenshot({ path: `${SHOTS}/config-import-report.png` });

  // A broken file changes nothing and shows the error with its line and column.
  const namesBefore = await editor.taskNames();
  const broken = liveConfig.replace('model_class: "DBMTL"', 'model_class "DBMTL"');
  const brokenLine = lineOf(broken, 'model_class "DBMTL"');
  await config.importFile('broken.config', broken);
  await expect(config.report).toContainText('Not imported: broken.config');
  await expect(config.report).toContainText(`The file has a syntax error at ${brokenLine}:15`);
  await expect(config.entries).toHaveCount(1);
  await expect(config.entries.first()).toContainText(`${brokenLine}:15`);
  await expect(config.entries.first()).toContainText(
    'expected ":" or "{" after field name "model_class"',
  );
  await expect(editor.notice).toContainText('The project was not changed');
  expect(await editor.taskNames()).toEqual(namesBefore);
  await expect(editor.relationEdges).toHaveCount(6);
  await page.screenshot({ path: `${SHOTS}/config-syntax-error.png` });
});

test('a dropped config with a relation to an unknown tower opens, and export is blocked until fixed', async ({
  page,
}) => {
  const { editor, config } = await openLive(page);

  const typo = liveConfig.replace(
    'relation_tower_names: "is_on_mic"',
    'relation_tower_names: "is_on_mike"',
  );
  await config.dropFile('typo.config', typo);
  await expect(config.report).toContainText('Imported typo.config');
  const entry = config.entries
    .filter({ hasText: 'RELATION_UNKNOWN' })
    .or(config.entries.filter({ hasText: '"is_on_mike", which is not a tower' }));
  await expect(entry).toContainText(`${lineOf(typo, 'is_on_mike')}:7`);
  await expect(editor.taskNodes).toHaveCount(5);

  // The project has a validation error now: no preview, no download, the errors instead.
  await expect(page.getByTestId('export-blocked')).toContainText('RELATION_UNKNOWN');
  await expect(page.getByRole('button', { name: 'Download pipeline.config' })).toBeDisabled();
  await expect(config.preview).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/config-export-blocked.png` });

  // Undo restores the previous project in one step, and the preview comes back.
  await page.keyboard.press('ControlOrMeta+z');
  await expect(config.preview).toContainText('relation_tower_names: "is_on_mic"');
});

test('configs the app refuses leave the graph as it was and say why', async ({ page }) => {
  const { editor, config } = await openLive(page);
  const names = await editor.taskNames();
  const mmoe = liveConfig.replace(
    / {2}dbmtl \{[\s\S]*?\n {2}\}\n/,
    '  mmoe {\n    num_expert: 2\n  }\n',
  );
  expect(mmoe).not.toContain('dbmtl {');

  for (const [file, text, why] of [
    [
      'mmoe.config',
      mmoe,
      `This config has no dbmtl model (found mmoe at ${lineOf(mmoe, 'mmoe {')}:3); DBMTL Studio opens DBMTL configs only.`,
    ],
    ['empty.config', '', 'The file is empty.'],
    [
      'enum.config',
      liveConfig.replace('loss_type: L2_LOSS', 'loss_type: L3_LOSS'),
      'EasyRec would refuse this file: UNKNOWN_ENUM_VALUE at',
    ],
  ] as const) {
    await config.importFile(file, text);
    await expect(config.report).toContainText(`Not imported: ${file}`);
    await expect(page.getByTestId('import-refusal')).toContainText(why);
    // An error notice (it stays, with the warning sign), and the graph is untouched.
    await expect(editor.notice).toHaveClass(/is-error/);
    await expect(editor.notice).toContainText(`${file} was not imported: ${why}`);
    expect(await editor.taskNames()).toEqual(names);
    await expect(config.preview).toContainText('loss_type: L2_LOSS');
    if (file === 'mmoe.config') await page.screenshot({ path: `${SHOTS}/config-refused-mmoe.png` });
  }

  // The hint to drop a file is given once.
  await expect(page.getByText(/drop a pipeline\.config anywhere/i)).toHaveCount(1);
});

test('a paste with a syntax error keeps the dialog, the text, and puts the cursor on the error', async ({
  page,
}) => {
  const { config } = await openLive(page);

  const broken = liveConfig.replace('hidden_units: [128, 96, 64]', 'hidden_units: [128, 96 64]');
  const line = lineOf(broken, '[128, 96 64]');
  const lineText = broken.split('\n')[line - 1] as string;
  const column = lineText.indexOf('64]') + 1;
  const dialog = await config.paste(broken, { expectClosed: false });

  await expect(dialog).toBeVisible();
  const area = dialog.getByRole('textbox', { name: 'Config text' });
  await expect(area).toHaveValue(broken);
  await expect(dialog.getByRole('alert')).toContainText(
    `The file has a syntax error at ${line}:${column}`,
  );
  // The offending line, and a caret under its column.
  await expect(dialog.getByTestId('paste-error-line')).toHaveText(
    `${line} | ${lineText}\n${' '.repeat(`${line} | `.length + column - 1)}^`,
  );
  // The cursor sits at the error: the offset of line:column in the pasted text.
  const offset =
    broken
      .split('\n')
      .slice(0, line - 1)
      .join('\n').length +
    1 +
    column -
    1;
  await expect(area).toBeFocused();
  expect(await area.evaluate((el: HTMLTextAreaElement) => el.selectionStart)).toBe(offset);
  // …and the line with the error is scrolled into the visible part of the text box.
  const view = await area.evaluate((el: HTMLTextAreaElement) => ({
    top: el.scrollTop,
    height: el.clientHeight,
    lineHeight: el.scrollHeight / el.value.split('\n').length,
  }));
  expect(view.top).toBeLessThanOrEqual((line - 1) * view.lineHeight);
  expect(view.top + view.height).toBeGreaterThanOrEqual(line * view.lineHeight);
  await page.screenshot({ path: `${SHOTS}/config-paste-syntax-error.png` });

  // Fixing the text in place imports it and closes the dialog.
  await area.fill(broken.replace('[128, 96 64]', '[128, 96, 64]'));
  await dialog.getByRole('button', { name: 'Import' }).click();
  await expect(dialog).toBeHidden();
  await expect(config.report).toContainText('Imported pasted config');
});

test('an import whose file has errors: an error notice, and the report explains its count against export', async ({
  page,
}) => {
  const { editor, config } = await openLive(page);

  // A cycle is_click → is_on_mic → is_click, and a tower name that is not an identifier.
  const text = liveConfig
    .replace(
      '      tower_name: "is_click"\n',
      '      tower_name: "is_click"\n      relation_tower_names: "is_on_mic"\n',
    )
    .replaceAll('"view_costtime"', '"<b>view</b>"');
  await config.importFile('cycle.config', text);

  await expect(editor.notice).toHaveClass(/is-error/);
  await expect(editor.notice).toContainText(
    'Imported cycle.config: 5 tasks; the import report lists 2 errors, 0 warnings; export is blocked by 2 errors in the project until fixed',
  );
  await expect(config.report).toContainText('in the file: 2 errors');
  await expect(page.getByTestId('import-project-now')).toContainText(
    'The project now has 2 errors that block export',
  );
  await expect(page.getByTestId('export-blocked')).toContainText('Export is blocked by 2 errors');

  // The name is reported where it is written, with what to do.
  const name = config.entries.filter({ hasText: 'is not usable' });
  await expect(name).toContainText(`${lineOf(text, 'tower_name: "<b>view</b>"')}:7`);
  await expect(name).toContainText('tower name "<b>view</b>" is not usable');
  await expect(name).toContainText('Rename the task in the graph');
  // No "later" entry repeats the cycle, and none promises a re-export while it exists.
  await expect(config.entries.filter({ hasText: 'A re-export writes the towers' })).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/config-import-errors.png` });
});

test('selecting a task on the canvas while Config or Data is open shows it in the inspector', async ({
  page,
}) => {
  const editor = new Editor(page);
  await editor.openFresh();
  const inspectorTab = page.getByRole('tab', { name: 'Inspector' });
  for (const [tab, task] of [
    ['Config', 'is_click'],
    ['Data', 'is_view'],
    ['Problems', 'is_on_mic'],
  ] as const) {
    await page.getByRole('tab', { name: tab }).click();
    await expect(inspectorTab).toHaveAttribute('aria-selected', 'false');
    // Editor.select clicks the node's name and waits for the task inspector.
    await editor.select(task);
    await expect(inspectorTab).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('task-inspector').getByRole('textbox').first()).toHaveValue(task);
  }
});
