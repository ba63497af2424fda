/**
 * The generic tree the reader produces: field names with their values and where each
 * appeared. It knows no schema: numbers keep their source text and identifiers stay words,
 * so the schema layer decides what a value means and can point at it when it is wrong.
 */
import type { Position } from './errors';

export type TextScalar =
  /** A string literal (adjacent literals already joined), decoded from UTF-8. */
  | ({ kind: 'string'; value: string } & Position)
  /** A number as written, sign included (`-1e-06`, `0x1F`, `2.5f`). */
  | ({ kind: 'number'; text: string } & Position)
  /** An identifier: an enum value, `true`/`false`/`t`/`f`, `inf`, `nan` (`-inf` keeps its sign). */
  | ({ kind: 'identifier'; text: string } & Position);

export interface TextMessage extends Position {
  kind: 'message';
  fields: TextField[];
}

export type TextValue = TextScalar | TextMessage;

/**
 * One occurrence of a field, placed at its name. The list form `f: [a, b]` yields one entry
 * per element, each placed at its element.
 */
export interface TextField extends Position {
  name: string;
  value: TextValue;
}

/** Where a value is, for messages. */
export function positionOf(value: TextValue): Position {
  return { line: value.line, column: value.column };
}
