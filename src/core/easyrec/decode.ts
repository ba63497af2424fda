/**
 * Decodes the generic text-format tree against the schema into wire objects, reporting
 * what EasyRec's parser (Python `text_format`) would refuse: an unknown field, an unknown
 * enum value, a value of the wrong type, a non-repeated field given twice, two members of
 * one oneof. Decoding goes on after an error so a user sees every problem at once.
 *
 * Each decoded message remembers its type, path and where its fields were written
 * (`metaOf`), so later steps can report positions without carrying them in the wire types.
 */
import {
  parseFloatText,
  parseIntegerText,
  type Position,
  type TextMessage,
  type TextScalar,
  type TextValue,
} from '../textproto';
import type { ReportEntry } from './report';
import { ENUMS, SCHEMA, type FieldSpec, type MessageSpec } from './schema';

export interface Occurrence extends Position {
  path: string;
}

export interface MessageMeta extends Position {
  type: string;
  path: string;
  /** Every field present, with each place it was written (several for repeated fields). */
  fields: Map<string, { spec: FieldSpec; at: Occurrence[] }>;
}

const META = new WeakMap<object, MessageMeta>();

export function metaOf(message: object): MessageMeta | undefined {
  return META.get(message);
}

/** Where a field of a decoded message was first written, or the message itself. */
export function positionOfField(message: object, field?: string): Occurrence {
  const meta = META.get(message);
  const first = field ? meta?.fields.get(field)?.at[0] : undefined;
  if (first) return first;
  return { line: meta?.line ?? 0, column: meta?.column ?? 0, path: meta?.path ?? '' };
}

type Wire = Record<string, unknown>;

export function decodeMessage(
  tree: TextMessage,
  type: string,
  path: string,
  report: ReportEntry[],
  /** Where the message's field name is; the top level uses the start of the text. */
  at: Position = tree,
): Wire {
  const spec = SCHEMA[type] as MessageSpec;
  const out: Wire = {};
  const meta: MessageMeta = { type, path, line: at.line, column: at.column, fields: new Map() };
  META.set(out, meta);
  const oneofs = new Map<string, string>();
  const prefix = path === '' ? '' : `${path}.`;

  for (const field of tree.fields) {
    const fieldPath = `${prefix}${field.name}`;
    const error = (code: ReportEntry['code'], message: string, at: Position = field) =>
      report.push({
        severity: 'error',
        code,
        line: at.line,
        column: at.column,
        path: fieldPath,
        message,
      });
    const fs = spec.fields.find((f) => f.name === field.name);
    if (!fs) {
      const hint = closestName(
        field.name,
        spec.fields.map((f) => f.name),
      );
      error(
        'UNKNOWN_FIELD',
        `${type} has no field "${field.name}"${hint ? ` (did you mean "${hint}"?)` : ''}; EasyRec's parser refuses the file.`,
      );
      continue;
    }
    const seen = meta.fields.get(fs.name);
    if (seen && fs.label !== 'repeated') {
      const first = seen.at[0] as Occurrence;
      error(
        'DUPLICATE_FIELD',
        `"${fs.name}" is not repeated but is given again (first at ${first.line}:${first.column}); protoc refuses this and EasyRec silently keeps the last value. Remove one so the file says one thing.`,
      );
    }
    if (fs.oneof) {
      const other = oneofs.get(fs.oneof);
      if (other !== undefined && other !== fs.name) {
        error(
          'ONEOF_CONFLICT',
          `"${fs.name}" and "${other}" are both members of oneof "${fs.oneof}" of ${type}; only one may be set, EasyRec's parser refuses the file.`,
        );
        delete out[other];
        meta.fields.delete(other);
      }
      oneofs.set(fs.oneof, fs.name);
    }

    const index =
      fs.label === 'repeated' ? ((out[fs.name] as unknown[] | undefined)?.length ?? 0) : -1;
    const valuePath = index >= 0 ? `${fieldPath}[${index}]` : fieldPath;
    const value = decodeValue(field.value, fs, valuePath, report, field);
    if (value === undefined) continue;

    const at: Occurrence = { line: field.line, column: field.column, path: valuePath };
    const entry = meta.fields.get(fs.name);
    if (fs.label === 'repeated') {
      ((out[fs.name] ??= []) as unknown[]).push(value);
      if (entry) entry.at.push(at);
      else meta.fields.set(fs.name, { spec: fs, at: [at] });
    } else {
      out[fs.name] = value;
      meta.fields.set(fs.name, { spec: fs, at: [...(entry?.at ?? []), at] });
    }
  }

  for (const fs of spec.fields) {
    if (fs.label === 'required' && !meta.fields.has(fs.name)) {
      report.push({
        severity: 'warning',
        code: 'MISSING_REQUIRED',
        line: at.line,
        column: at.column,
        path: path === '' ? fs.name : `${path}.${fs.name}`,
        message: `required field "${fs.name}" of ${type} is missing; protoc refuses that${fs.default !== undefined ? `, EasyRec uses the default ${String(fs.default)}` : ''}.`,
      });
    }
  }
  return out;
}

function decodeValue(
  value: TextValue,
  fs: FieldSpec,
  path: string,
  report: ReportEntry[],
  at: Position,
): unknown {
  const bad = (message: string) => {
    report.push({
      severity: 'error',
      code: 'BAD_VALUE',
      line: value.line,
      column: value.column,
      path,
      message,
    });
    return undefined;
  };
  const isMessage = fs.kind === 'message' || fs.kind === 'opaque';
  if (value.kind === 'message') {
    if (!isMessage) return bad(`"${fs.name}" holds a ${kindName(fs)}, found a message.`);
    return fs.kind === 'opaque' ? value : decodeMessage(value, fs.type as string, path, report, at);
  }
  if (isMessage)
    return bad(
      `"${fs.name}" holds a message ${fs.type} written "${fs.name} { … }", found ${shown(value)}.`,
    );
  return decodeScalar(value, fs, path, report, bad);
}

function decodeScalar(
  value: TextScalar,
  fs: FieldSpec,
  path: string,
  report: ReportEntry[],
  bad: (message: string) => undefined,
): unknown {
  const expected = `"${fs.name}" holds a ${kindName(fs)}`;
  switch (fs.kind) {
    case 'string':
      return value.kind === 'string'
        ? value.value
        : bad(`${expected}, found ${shown(value)}; quote it.`);
    case 'bool': {
      const text = value.kind === 'string' ? null : value.text;
      if (text !== null && /^(true|True|t|1)$/.test(text)) return true;
      if (text !== null && /^(false|False|f|0)$/.test(text)) return false;
      return bad(`${expected} (true or false), found ${shown(value)}.`);
    }
    case 'float':
    case 'double': {
      const number = value.kind === 'string' ? null : parseFloatText(value.text);
      return number === null ? bad(`${expected}, found ${shown(value)}.`) : number;
    }
    case 'enum': {
      const values = ENUMS[fs.type as string] as Record<string, number>;
      if (value.kind === 'identifier' && value.text in values) return value.text;
      const integer = value.kind === 'number' ? parseIntegerText(value.text) : null;
      const byNumber = Object.entries(values).find(([, n]) => BigInt(n) === integer);
      if (byNumber) return byNumber[0];
      const names = Object.keys(values);
      report.push({
        severity: 'error',
        code: 'UNKNOWN_ENUM_VALUE',
        line: value.line,
        column: value.column,
        path,
        message: `${shown(value)} is not a value of enum ${fs.type}${names.length <= 8 ? ` (one of ${names.join(', ')})` : ''}; EasyRec's parser refuses the file.`,
      });
      return undefined;
    }
    default: {
      const integer = value.kind === 'number' ? parseIntegerText(value.text) : null;
      if (integer === null) return bad(`${expected}, found ${shown(value)}.`);
      const [min, max] = RANGES[fs.kind as keyof typeof RANGES];
      if (integer < min || integer > max)
        return bad(`${expected} (${min} to ${max}), found ${shown(value)}.`);
      return Number(integer);
    }
  }
}

const RANGES = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  uint32: [0n, 2n ** 32n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
  uint64: [0n, 2n ** 64n - 1n],
} as const;

function kindName(fs: FieldSpec): string {
  if (fs.kind === 'enum') return `value of enum ${fs.type}`;
  if (fs.kind === 'message' || fs.kind === 'opaque') return `message ${fs.type}`;
  return fs.kind === 'string' ? 'string' : fs.kind === 'bool' ? 'bool' : `number (${fs.kind})`;
}

function shown(value: TextScalar): string {
  return value.kind === 'string' ? `the string ${JSON.stringify(value.value)}` : `"${value.text}"`;
}

/** A known name within edit distance 2 of a misspelt one, for "did you mean". */
function closestName(name: string, names: string[]): string | null {
  let best: string | null = null;
  let bestDistance = 3;
  for (const candidate of names) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current.push(
        Math.min(
          (previous[j] as number) + 1,
          (current[j - 1] as number) + 1,
          (previous[j - 1] as number) + cost,
        ),
      );
    }
    previous = current;
  }
  return previous[b.length] as number;
}
