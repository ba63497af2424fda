/**
 * Typed readers for untrusted JSON (a project file, the browser's saved copy). Each reader
 * checks one value's type or enum and throws a `ShapeError` that names where it is and what
 * it found; a record reader fills a default for each missing field and counts it, so the
 * caller can say what it filled. Nothing here guesses: a wrong type is refused, never coerced.
 */

/** Where a value sits: a scope (`task "is_view"`) and a field path inside it (`dnn.hiddenUnits[2]`). */
export interface At {
  scope: string;
  path: string;
}

/** What reading found besides the value: fields filled with defaults, fields ignored. */
export interface ReadLog {
  missing: string[];
  unknown: string[];
}

export type Reader<T> = (value: unknown, at: At, log: ReadLog) => T;

export class ShapeError extends Error {
  override readonly name = 'ShapeError';
}

export function at(scope: string, path = ''): At {
  return { scope, path };
}

export function child(parent: At, key: string | number): At {
  const path =
    typeof key === 'number'
      ? `${parent.path}[${key}]`
      : parent.path === ''
        ? key
        : `${parent.path}.${key}`;
  return { scope: parent.scope, path };
}

/** `task "is_view": dnn.useBn`, or `model.numExpert` when there is no scope. */
export function describeAt(where: At): string {
  if (where.scope === '') return where.path;
  return where.path === '' ? where.scope : `${where.scope}: ${where.path}`;
}

/** A found value, short enough for a message. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object' && value !== null) return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

export function refuse(where: At, expected: string, found: unknown): never {
  throw new ShapeError(`${describeAt(where)} must be ${expected}; found ${describeValue(found)}`);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const num: Reader<number> = (value, where) =>
  typeof value === 'number' && Number.isFinite(value) ? value : refuse(where, 'a number', value);

export const str: Reader<string> = (value, where) =>
  typeof value === 'string' ? value : refuse(where, 'a string', value);

export const bool: Reader<boolean> = (value, where) =>
  typeof value === 'boolean' ? value : refuse(where, 'true or false', value);

export function oneOf<T extends string>(values: readonly T[]): Reader<T> {
  return (value, where) =>
    typeof value === 'string' && (values as readonly string[]).includes(value)
      ? (value as T)
      : refuse(where, `one of ${values.join(', ')}`, value);
}

export function list<T>(item: Reader<T>): Reader<T[]> {
  return (value, where, log) => {
    if (!Array.isArray(value)) return refuse(where, 'a list', value);
    return value.map((v, i) => item(v, child(where, i), log));
  };
}

export function nullable<T>(reader: Reader<T>): Reader<T | null> {
  return (value, where, log) => (value === null ? null : reader(value, where, log));
}

export type Fields<T> = { [K in keyof T]-?: Reader<T[K]> };

/**
 * Reads an object field by field. A missing field (absent or undefined) takes its value from
 * `defaults`, which sees the fields read so far (a task's label defaults to its name); it is
 * logged unless listed in `quiet` (ids and positions are the app's own bookkeeping); a missing
 * `required` field refuses the object. Unknown keys are ignored and logged.
 */
export function record<T extends object>(
  fields: Fields<T>,
  defaults: (read: Partial<T>) => T,
  options: { quiet?: readonly (keyof T)[]; required?: readonly (keyof T)[] } = {},
): Reader<T> {
  return (value, where, log) => {
    if (!isRecord(value)) return refuse(where, 'an object', value);
    const read: Partial<T> = {};
    const missing: (keyof T)[] = [];
    for (const key of Object.keys(fields) as (keyof T & string)[]) {
      const raw = value[key];
      if (raw === undefined && options.required?.includes(key))
        throw new ShapeError(`${describeAt(child(where, key))} is missing`);
      if (raw === undefined) missing.push(key);
      else read[key] = fields[key](raw, child(where, key), log);
    }
    if (missing.length > 0) {
      const fallback = defaults(read);
      for (const key of missing) {
        read[key] = fallback[key];
        if (!options.quiet?.includes(key)) log.missing.push(describeAt(child(where, String(key))));
      }
    }
    for (const key of Object.keys(value)) {
      if (!(key in fields)) log.unknown.push(describeAt(child(where, key)));
    }
    return read as T;
  };
}
