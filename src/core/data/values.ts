/** How cell text is read as numbers and what counts as missing. */

/** Cells that mean "no value" by default; the reader turns them into ''. Configurable. */
export const DEFAULT_MISSING_TOKENS: readonly string[] = ['', 'NULL', 'null', '?', 'NA', 'N/A'];

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DECIMAL_COMMA = /^[+-]?\d+,\d+$/;
const INTEGER = /^[+-]?\d+$/;

/** The number a cell holds, or null. `decimalComma` also reads `1,5` as 1.5. */
export function parseNumber(text: string, decimalComma = false): number | null {
  if (NUMBER.test(text)) return Number(text);
  if (decimalComma && DECIMAL_COMMA.test(text)) return Number(text.replace(',', '.'));
  return null;
}

export function isNumberText(text: string, decimalComma = false): boolean {
  return parseNumber(text, decimalComma) !== null;
}

export function isIntegerText(text: string): boolean {
  return INTEGER.test(text);
}

export function hasDecimalComma(text: string): boolean {
  return DECIMAL_COMMA.test(text);
}
