/**
 * Splits protobuf text format into tokens with their positions. Follows the grammar that
 * protoc's own tokenizer accepts: `#` comments, identifiers, decimal/hex/octal integers,
 * floats with optional exponent and `f` suffix, strings in either quote with C escapes.
 */
import { TextFormatError, type Position } from './errors';

export type Token =
  | ({ kind: 'identifier'; text: string } & Position)
  | ({ kind: 'number'; text: string } & Position)
  /** `value` is the decoded string; `text` the literal as written, quotes included. */
  | ({ kind: 'string'; value: string; text: string } & Position)
  | ({ kind: 'symbol'; text: string } & Position)
  | ({ kind: 'end'; text: '' } & Position);

const SYMBOLS = new Set(['{', '}', '<', '>', '[', ']', ':', ',', ';', '-']);
const SIMPLE_ESCAPES: Record<string, number> = {
  a: 7,
  b: 8,
  f: 12,
  n: 10,
  r: 13,
  t: 9,
  v: 11,
  '\\': 92,
  '?': 63,
  "'": 39,
  '"': 34,
};

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';
const isHex = (c: string | undefined) => c !== undefined && /^[0-9a-fA-F]$/.test(c);
const isOctal = (c: string | undefined) => c !== undefined && c >= '0' && c <= '7';
const isIdentStart = (c: string | undefined) => c !== undefined && /^[A-Za-z_]$/.test(c);
const isIdentPart = (c: string | undefined) => c !== undefined && /^[A-Za-z0-9_]$/.test(c);

/** How a character is shown in an error message. */
export function describeChar(c: string | undefined): string {
  if (c === undefined) return 'end of input';
  if (c === '\n') return 'end of line';
  const code = c.codePointAt(0) ?? 0;
  if (code < 32 || code === 127) return `control character U+${code.toString(16).padStart(4, '0')}`;
  return `"${c}"`;
}

const utf8 = new TextEncoder();
const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  const here = (): Position => ({ line, column: i - lineStart + 1 });

  while (i < source.length) {
    const c = source[i] as string;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === ' ' || c === '\t' || c === '\r' || c === '\f' || c === '\v') {
      i++;
      continue;
    }
    if (c === '#') {
      while (i < source.length && source[i] !== '\n') i++;
      continue;
    }
    const at = here();
    if (isIdentStart(c)) {
      const start = i;
      while (isIdentPart(source[i])) i++;
      tokens.push({ kind: 'identifier', text: source.slice(start, i), ...at });
      continue;
    }
    if (isDigit(c) || (c === '.' && isDigit(source[i + 1]))) {
      const start = i;
      i = scanNumber(source, i, at);
      if (isIdentPart(source[i]) || source[i] === '.') {
        throw new TextFormatError(
          'BAD_NUMBER',
          here(),
          'a separator after the number',
          describeChar(source[i]),
          `malformed number "${source.slice(start, i + 1)}": expected a separator after the number, found ${describeChar(source[i])}`,
        );
      }
      tokens.push({ kind: 'number', text: source.slice(start, i), ...at });
      continue;
    }
    if (c === '"' || c === "'") {
      const start = i;
      const { end, value } = scanString(source, i, at, (pos) => ({
        line: at.line,
        column: at.column + (pos - start),
      }));
      i = end;
      tokens.push({ kind: 'string', value, text: source.slice(start, i), ...at });
      continue;
    }
    if (SYMBOLS.has(c)) {
      i++;
      tokens.push({ kind: 'symbol', text: c, ...at });
      continue;
    }
    // Report the whole character, also when it is outside the BMP (two UTF-16 units).
    const char = String.fromCodePoint(source.codePointAt(i) as number);
    throw new TextFormatError(
      'UNEXPECTED_CHARACTER',
      at,
      'a field name, value or punctuation',
      describeChar(char),
    );
  }
  tokens.push({ kind: 'end', text: '', ...here() });
  return tokens;
}

/** Returns the index after a number starting at `i`. */
function scanNumber(source: string, i: number, at: Position): number {
  if (source[i] === '0' && (source[i + 1] === 'x' || source[i + 1] === 'X')) {
    let j = i + 2;
    while (isHex(source[j])) j++;
    if (j === i + 2) {
      throw new TextFormatError('BAD_NUMBER', at, 'hex digits after "0x"', describeChar(source[j]));
    }
    return j;
  }
  let j = i;
  while (isDigit(source[j])) j++;
  if (source[j] === '.') {
    j++;
    while (isDigit(source[j])) j++;
  }
  if (source[j] === 'e' || source[j] === 'E') {
    let k = j + 1;
    if (source[k] === '+' || source[k] === '-') k++;
    if (!isDigit(source[k])) {
      throw new TextFormatError(
        'BAD_NUMBER',
        { line: at.line, column: at.column + (k - i) },
        'digits in the exponent',
        describeChar(source[k]),
      );
    }
    while (isDigit(source[k])) k++;
    j = k;
  }
  if (source[j] === 'f' || source[j] === 'F') j++;
  return j;
}

/**
 * Scans a quoted string starting at `i`. Escapes produce bytes (octal and `\x` escapes are
 * single bytes, `\u` a code point in UTF-8); the bytes are then read as UTF-8, which is how
 * protoc and EasyRec's Python parser see a string field.
 */
function scanString(
  source: string,
  i: number,
  at: Position,
  posOf: (index: number) => Position,
): { end: number; value: string } {
  const quote = source[i];
  const bytes: number[] = [];
  let j = i + 1;
  for (;;) {
    const c = source[j];
    if (c === undefined || c === '\n') {
      throw new TextFormatError(
        'UNTERMINATED_STRING',
        at,
        `a closing ${quote}`,
        describeChar(c),
        `unterminated string: expected a closing ${quote} before ${describeChar(c)}`,
      );
    }
    if (c === quote) break;
    if (c !== '\\') {
      const code = source.codePointAt(j) as number;
      const char = String.fromCodePoint(code);
      bytes.push(...utf8.encode(char));
      j += char.length;
      continue;
    }
    j = scanEscape(source, j, bytes, posOf);
  }
  let value: string;
  try {
    value = strictUtf8.decode(new Uint8Array(bytes));
  } catch {
    throw new TextFormatError(
      'BAD_ESCAPE',
      at,
      'a string of valid UTF-8',
      'bytes that are not UTF-8',
      'string escapes produce bytes that are not valid UTF-8',
    );
  }
  return { end: j + 1, value };
}

/** Appends the bytes of the escape at `j` (a backslash); returns the index after it. */
function scanEscape(
  source: string,
  j: number,
  bytes: number[],
  posOf: (index: number) => Position,
): number {
  const e = source[j + 1];
  const simple = e === undefined ? undefined : SIMPLE_ESCAPES[e];
  if (simple !== undefined) {
    bytes.push(simple);
    return j + 2;
  }
  if (isOctal(e)) {
    let k = j + 1;
    let value = 0;
    while (k < j + 4 && isOctal(source[k])) value = value * 8 + Number(source[k++]);
    if (value > 255) {
      throw new TextFormatError(
        'BAD_ESCAPE',
        posOf(j),
        'an octal escape up to \\377',
        `\\${source.slice(j + 1, k)}`,
      );
    }
    bytes.push(value);
    return k;
  }
  if (e === 'x' || e === 'X') {
    let k = j + 2;
    while (k < j + 4 && isHex(source[k])) k++;
    if (k === j + 2) {
      throw new TextFormatError(
        'BAD_ESCAPE',
        posOf(j),
        'hex digits after \\x',
        describeChar(source[k]),
      );
    }
    bytes.push(parseInt(source.slice(j + 2, k), 16));
    return k;
  }
  if (e === 'u' || e === 'U') {
    const digits = e === 'u' ? 4 : 8;
    const hex = source.slice(j + 2, j + 2 + digits);
    const code = parseInt(hex, 16);
    const valid = /^[0-9a-fA-F]+$/.test(hex) && hex.length === digits;
    if (!valid || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      throw new TextFormatError(
        'BAD_ESCAPE',
        posOf(j),
        `\\${e} followed by ${digits} hex digits of a Unicode scalar value`,
        `"\\${e}${hex}"`,
      );
    }
    bytes.push(...utf8.encode(String.fromCodePoint(code)));
    return j + 2 + digits;
  }
  throw new TextFormatError(
    'BAD_ESCAPE',
    posOf(j),
    'an escape (\\n \\t \\r \\" \\\' \\\\ \\NNN \\xHH \\uXXXX)',
    `"\\${e ?? ''}"`,
  );
}
