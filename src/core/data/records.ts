/**
 * Cutting streamed text into blocks of complete records, so papaparse can parse each block on
 * its own. A newline inside a quoted cell is not a record end; the quote rules are papaparse's:
 * a quote opens a quoted cell only at the start of a cell, and `""` inside it is a literal quote.
 */

/**
 * Index just past the last newline that ends a record in `text`, or 0 when none does.
 * `text` must start at a record boundary.
 */
export function lastRecordEnd(text: string, separator: string): number {
  if (!text.includes('"')) return text.lastIndexOf('\n') + 1;
  let end = 0;
  let inQuotes = false;
  let cellStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') i++;
        else inQuotes = false;
      }
      continue;
    }
    if (ch === '"' && cellStart) {
      inQuotes = true;
      cellStart = false;
    } else if (ch === '\n') {
      end = i + 1;
      cellStart = true;
    } else {
      cellStart = ch === separator;
    }
  }
  return end;
}

/**
 * Normalises line ends to `\n`. A `\r` at the very end is held back (returned in `carry`)
 * because the next chunk may start with its `\n`.
 */
export function normaliseNewlines(text: string): { text: string; carry: string } {
  let carry = '';
  if (text.endsWith('\r')) {
    carry = '\r';
    text = text.slice(0, -1);
  }
  return { text: text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text, carry };
}
