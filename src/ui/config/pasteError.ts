/**
 * Where a report position (1-based line and column, columns in UTF-16 code units as the
 * reader counts them) is in the pasted text: the offset for the cursor, and the line with a
 * caret marker under the column for showing.
 */
export interface Located {
  /** Offset in the text, for setSelectionRange. */
  offset: number;
  line: number;
  /** The line as written, without its line break. */
  text: string;
  /** `12 | `: the line number, to put before `text`. */
  gutter: string;
  /** Blanks up to the column, then `^`; tabs are kept so the caret lines up under tabs too. */
  marker: string;
}

/** The place of `line:column` in `text`, or null for 0 (the file as a whole) or past the end. */
export function locate(text: string, line: number, column: number): Located | null {
  if (line < 1 || column < 1) return null;
  const lines = text.split('\n');
  const raw = lines[line - 1];
  if (raw === undefined) return null;
  const lineText = raw.replace(/\r$/, '');
  const before = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
  const within = Math.min(column - 1, lineText.length);
  return {
    offset: before + within,
    line,
    text: lineText,
    gutter: `${line} | `,
    marker: `${lineText.slice(0, within).replace(/[^\t]/g, ' ')}^`,
  };
}
