/**
 * Writes protobuf text format: two-space indent, `name {` for messages, `name: [a, b]` for
 * fields marked as lists. Values arrive already formatted (see `formatString`,
 * `formatFloat`), so the writer knows nothing of a schema.
 */

export type OutValue =
  /** A scalar written as is: a formatted number, enum, bool or quoted string. */
  { kind: 'scalar'; text: string } | { kind: 'message'; fields: OutField[] };

export interface OutField {
  name: string;
  values: OutValue[];
  /** Write the scalar values on one line as `name: [a, b]` instead of one line each. */
  list?: boolean;
}

export function writeTextFormat(fields: readonly OutField[]): string {
  const lines: string[] = [];
  writeFields(fields, '', lines);
  return lines.length > 0 ? `${lines.join('\n')}\n` : '';
}

function writeFields(fields: readonly OutField[], indent: string, lines: string[]): void {
  for (const field of fields) {
    const scalars = field.values.every((v) => v.kind === 'scalar');
    if (field.list && scalars) {
      const items = field.values.map((v) => (v as { text: string }).text);
      lines.push(`${indent}${field.name}: [${items.join(', ')}]`);
      continue;
    }
    for (const value of field.values) {
      if (value.kind === 'scalar') {
        lines.push(`${indent}${field.name}: ${value.text}`);
      } else {
        lines.push(`${indent}${field.name} {`);
        writeFields(value.fields, `${indent}  `, lines);
        lines.push(`${indent}}`);
      }
    }
  }
}

const utf8 = new TextEncoder();

export interface StringFormatOptions {
  /** Escape every non-ASCII byte as octal (`\347\224\250`), as protoc's own printer does. */
  asciiOnly?: boolean;
}

/**
 * A double-quoted string literal that protoc and EasyRec read back as the same UTF-8.
 * Control characters become escapes; non-ASCII text stays readable unless `asciiOnly`.
 * A lone UTF-16 surrogate cannot be UTF-8 and is written as U+FFFD (TextEncoder's rule).
 */
export function formatString(value: string, options: StringFormatOptions = {}): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0) as number;
    if (char === '"') out += '\\"';
    else if (char === '\\') out += '\\\\';
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += octal(code);
    else if (code < 0x80) out += char;
    else if (options.asciiOnly || (code >= 0xd800 && code <= 0xdfff)) {
      for (const byte of utf8.encode(char)) out += octal(byte);
    } else out += char;
  }
  return `${out}"`;
}

function octal(byte: number): string {
  return `\\${byte.toString(8).padStart(3, '0')}`;
}

/**
 * A float the way Python's `repr` writes it, which is how EasyRec's own configs look:
 * shortest round-trip digits, exponent form below 1e-4 or from 1e16 (`1e-06`, `5e-06`), and
 * `1.0` rather than `1` unless `bare` (used inside lists such as `boundaries: [10, 100]`).
 */
export function formatFloat(value: number, bare = false): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (Object.is(value, -0)) return bare ? '-0' : '-0.0';
  if (value === 0) return bare ? '0' : '0.0';
  // toExponential() without an argument gives the shortest digits that round-trip.
  const [mantissa, exp] = value.toExponential().split('e') as [string, string];
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 16) {
    const sign = exponent < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const point = exponent + 1;
  let text: string;
  if (point <= 0) text = `0.${'0'.repeat(-point)}${digits}`;
  else if (point >= digits.length) {
    text = `${digits}${'0'.repeat(point - digits.length)}${bare ? '' : '.0'}`;
  } else text = `${digits.slice(0, point)}.${digits.slice(point)}`;
  return negative ? `-${text}` : text;
}
