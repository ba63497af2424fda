/**
 * Page object of the Config tab: the exported preview, the import report, and import by paste,
 * file picker or drop.
 */
import { expect, type Locator, type Page } from '@playwright/test';

/** The Config tab's verbs. */
export class ConfigTab {
  readonly preview: Locator;
  readonly report: Locator;
  readonly entries: Locator;

  constructor(readonly page: Page) {
    this.preview = page.getByTestId('config-preview');
    this.report = page.getByTestId('import-report');
    this.entries = page.getByTestId('report-entry');
  }

  async open(): Promise<void> {
    await this.page.getByRole('tab', { name: 'Config' }).click();
    await expect(this.page.getByTestId('config-panel')).toBeVisible();
  }

  async paste(text: string, { expectClosed = true } = {}): Promise<Locator> {
    await this.page.getByRole('button', { name: 'Paste…' }).click();
    const dialog = this.page.getByRole('dialog', { name: 'Paste a pipeline.config' });
    await dialog.getByRole('textbox', { name: 'Config text' }).fill(text);
    await dialog.getByRole('button', { name: 'Import' }).click();
    if (expectClosed) await expect(dialog).toBeHidden();
    return dialog;
  }

  async importFile(name: string, text: string): Promise<void> {
    await this.page
      .getByTestId('config-file-input')
      .setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
  }

  /** Drops a file on the canvas, as a user drags one from the desktop. */
  async dropFile(name: string, text: string): Promise<void> {
    const transfer = await this.page.evaluateHandle(
      ([fileName, content]) => {
        const data = new DataTransfer();
        data.items.add(new File([content], fileName, { type: 'text/plain' }));
        return data;
      },
      [name, text] as const,
    );
    await this.page.dispatchEvent('.react-flow__pane', 'dragenter', { dataTransfer: transfer });
    await this.page.dispatchEvent('.react-flow__pane', 'dragover', { dataTransfer: transfer });
    await this.page.dispatchEvent('.react-flow__pane', 'drop', { dataTransfer: transfer });
  }
}
