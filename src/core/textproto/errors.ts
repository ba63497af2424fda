/** A place in a text-format source: 1-based line and column (in UTF-16 code units). */
export interface Position {
  line: number;
  column: number;
}

export type TextFormatErrorCode =
  | 'UNEXPECTED_CHARACTER'
  | 'UNTERMINATED_STRING'
  | 'BAD_ESCAPE'
  | 'BAD_NUMBER'
  | 'UNEXPECTED_TOKEN'
  | 'UNCLOSED_MESSAGE';

/**
 * A syntax error in protobuf text format. The message says what was expected, what was
 * found and where, so a user can fix the file without guessing.
 */
export class TextFormatError extends Error {
  readonly code: TextFormatErrorCode;
  readonly line: number;
  readonly column: number;
  readonly expected: string;
  readonly found: string;

  constructor(
    code: TextFormatErrorCode,
    at: Position,
    expected: string,
    found: string,
    detail?: string,
  ) {
    const what = detail ?? `expected ${expected}, found ${found}`;
    super(`${at.line}:${at.column}: ${what}`);
    this.name = 'TextFormatError';
    this.code = code;
    this.line = at.line;
    this.column = at.column;
    this.expected = expected;
    this.found = found;
  }
}
