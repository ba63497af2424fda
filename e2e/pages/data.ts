/**
 * Page object of the Data tab: the verbs a user performs on samples (open the tab, upload a
 * train file and a held-out file, name a headerless file's columns, set a column's role, make
 * a task from a label column, derive a "value equals X" label, choose what is held out), so
 * journeys on real files read as steps. Locators go by the names a screen reader hears.
 */
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { SHOTS_DIR } from '../shots';

/** A file as Playwright's setInputFiles takes it: a path, or a name with its bytes. */
export type FileInput = string | { name: string; mimeType: string; buffer: Buffer };

export class DataTab {
  readonly schema: Locator;
  /** The train file's line ("adult.data · 32,561 rows · 15 columns"). */
  readonly loaded: Locator;
  /** The held-out file's line ("Validation: adult.test · 16,281 rows"). */
  readonly validation: Locator;
  readonly findings: Locator;
  readonly readProblems: Locator;
  readonly heldOut: Locator;

  constructor(readonly page: Page) {
    this.schema = page.getByRole('table', { name: 'Schema' });
    this.loaded = page.getByTestId('data-loaded').first();
    this.validation = page.getByTestId('data-validation');
    this.findings = page.getByRole('list', { name: 'Label findings', exact: true });
    this.readProblems = page.getByRole('list', { name: 'Problems while reading' });
    this.heldOut = page.getByRole('combobox', { name: 'Held-out split' });
  }

  /** Opens the app with empty browser storage (the demo project) on the Data tab. */
  async openFresh(): Promise<void> {
    await this.page.goto('/');
    await this.page.evaluate(() => localStorage.clear());
    await this.page.reload();
    await this.open();
  }

  /** Switches the side panel to the Data tab. */
  async open(): Promise<void> {
    await this.page.getByRole('tab', { name: 'Data' }).click();
    await expect(this.page.getByRole('region', { name: 'Samples' })).toBeVisible();
  }

  /** Picks the train file with the "Open train file…" button; waits until it is read. */
  async uploadTrain(file: FileInput, expectRows?: string | RegExp): Promise<void> {
    await this.page.getByLabel('Train file').setInputFiles(file);
    if (expectRows !== undefined)
      await expect(this.loaded).toContainText(expectRows, { timeout: 60_000 });
  }

  /**
   * Picks the held-out file with "Validation file…"; it is read with the train file's columns
   * and becomes what is held out for evaluation.
   */
  async uploadValidation(file: FileInput, expectRows?: string | RegExp): Promise<void> {
    await this.page.getByLabel('Validation file').setInputFiles(file);
    if (expectRows !== undefined)
      await expect(this.validation).toContainText(expectRows, { timeout: 60_000 });
  }

  /** Drops a file made in the page onto the drop zone, as a user's drag from the desktop. */
  async drop(name: string, text: string): Promise<void> {
    const dataTransfer = await this.page.evaluateHandle(
      ([n, t]) => {
        const transfer = new DataTransfer();
        transfer.items.add(new File([t], n, { type: 'text/csv' }));
        return transfer;
      },
      [name, text] as const,
    );
    await this.page.getByTestId('drop-zone').dispatchEvent('drop', { dataTransfer });
  }

  /** Names a headerless file's columns from a known layout (by the option's text). */
  async useColumnNames(layoutTitle: string | RegExp): Promise<void> {
    const select = this.page.getByRole('combobox', { name: 'Column names' });
    const options = await select.locator('option').allTextContents();
    const label = options.find((o) =>
      typeof layoutTitle === 'string' ? o === layoutTitle : layoutTitle.test(o),
    );
    if (label === undefined) throw new Error(`no column-name option matches ${layoutTitle}`);
    await select.selectOption({ label });
  }

  row(column: string): Locator {
    return this.schema.locator(`tr[data-column="${column}"]`);
  }

  role(column: string): Locator {
    return this.page.getByRole('combobox', { name: `Role of ${column}` });
  }

  async setRole(column: string, role: 'label' | 'id' | 'tag' | 'dense' | 'ignore'): Promise<void> {
    await this.role(column).selectOption(role);
    await expect(this.role(column)).toHaveValue(role);
  }

  /** "Make task" on a label column; returns the task's name as the row shows it. */
  async makeTask(column: string): Promise<string> {
    const row = this.row(column);
    await row.getByRole('button', { name: 'Make task' }).click();
    const tag = row.locator('.tag', { hasText: /^task / });
    await expect(tag).toBeVisible();
    return ((await tag.textContent()) ?? '').replace(/^task /, '');
  }

  /**
   * Adds a derived binary label "column equals value", named `name` if given (else the app's
   * `column_is_value`); returns the new column's name (the schema's last row).
   */
  async deriveEquals(column: string, value: string, name?: string): Promise<string> {
    await this.page.getByRole('combobox', { name: 'Derive from column' }).selectOption(column);
    await this.page.getByRole('combobox', { name: 'Derive when equal to' }).selectOption(value);
    if (name !== undefined)
      await this.page.getByRole('textbox', { name: 'Derived label name' }).fill(name);
    const before = await this.schema.locator('tbody tr').count();
    await this.page.getByRole('button', { name: 'Add label column' }).click();
    await expect(this.schema.locator('tbody tr')).toHaveCount(before + 1);
    return (await this.schema.locator('tbody tr').last().getAttribute('data-column')) ?? '';
  }

  /** Chooses what is held out: 'file' (the validation file), 'none', or a seeded fraction. */
  async holdOut(kind: 'file' | 'none' | '0.1' | '0.2' | '0.3'): Promise<void> {
    await this.heldOut.selectOption(kind);
    await expect(this.heldOut).toHaveValue(kind);
  }

  /**
   * A label finding on the train file ("Task income: 24.1% positive (7,841 of 32,561)."), by
   * its text and optionally its code (POSITIVE_RATE, LEAKAGE, REGRESSION_SCALE…).
   */
  finding(text: string | RegExp, code?: string): Locator {
    return this.findings.locator(code ? `li[data-code="${code}"]` : 'li', { hasText: text });
  }

  /** A label finding on the held-out file ("Task income: 23.6% positive (3,846 of 16,281)."). */
  heldOutFinding(text: string | RegExp, code?: string): Locator {
    return this.page
      .getByRole('list', { name: 'Held-out label findings' })
      .locator(code ? `li[data-code="${code}"]` : 'li', { hasText: text });
  }

  /** A screenshot of the page under SHOTS_DIR. */
  async shot(name: string): Promise<void> {
    await this.page.screenshot({ path: path.join(SHOTS_DIR, name) });
  }
}
