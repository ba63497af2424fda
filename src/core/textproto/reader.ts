/**
 * Reads protobuf text format into a generic tree (see tree.ts). Accepts what protoc and
 * EasyRec's Python parser accept: optional `:` before a message, `{}` or `<>` delimiters,
 * list values `[a, b]` for scalars and messages, repeated lines, `,` or `;` after a field,
 * adjacent strings joined, `-` before numbers and `inf`/`nan`.
 */
import { TextFormatError, type Position } from './errors';
import { tokenize, type Token } from './tokenizer';
import {
  positionOf,
  type TextField,
  type TextMessage,
  type TextScalar,
  type TextValue,
} from './tree';

/** Parses a whole text-format message. Throws TextFormatError with a position on bad syntax. */
export function readTextFormat(source: string): TextMessage {
  const parser = new Parser(tokenize(source));
  const fields = parser.fields(null);
  return { kind: 'message', fields, line: 1, column: 1 };
}

function describe(token: Token): string {
  switch (token.kind) {
    case 'end':
      return 'end of input';
    case 'string':
      return `string ${token.text.length > 30 ? `${token.text.slice(0, 27)}...` : token.text}`;
    case 'symbol':
      return `"${token.text}"`;
    default:
      return `"${token.text}"`;
  }
}

class Parser {
  private index = 0;

  constructor(private readonly tokens: Token[]) {}

  private peek(offset = 0): Token {
    return this.tokens[Math.min(this.index + offset, this.tokens.length - 1)] as Token;
  }

  private next(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  private isSymbol(text: string, offset = 0): boolean {
    const token = this.peek(offset);
    return token.kind === 'symbol' && token.text === text;
  }

  private fail(expected: string, token: Token = this.peek()): never {
    throw new TextFormatError('UNEXPECTED_TOKEN', token, expected, describe(token));
  }

  /** Fields up to `close` (or the end of input at the top level). */
  fields(close: { text: string; open: Position } | null): TextField[] {
    const fields: TextField[] = [];
    for (;;) {
      const token = this.peek();
      if (close && token.kind === 'end') {
        throw new TextFormatError(
          'UNCLOSED_MESSAGE',
          token,
          `"${close.text}"`,
          'end of input',
          `expected "${close.text}" to close the message opened at ${close.open.line}:${close.open.column}, found end of input`,
        );
      }
      if (!close && token.kind === 'end') return fields;
      if (close && token.kind === 'symbol' && token.text === close.text) {
        this.next();
        return fields;
      }
      if (token.kind !== 'identifier') {
        this.fail(close ? `a field name or "${close.text}"` : 'a field name', token);
      }
      fields.push(...this.field());
      if (this.isSymbol(',') || this.isSymbol(';')) this.next();
    }
  }

  private field(): TextField[] {
    const name = this.next();
    const at: Position = { line: name.line, column: name.column };
    const colon = this.isSymbol(':');
    if (colon) this.next();
    const entry = (value: TextValue): TextField => ({ name: name.text, value, ...at });

    // In the list form each element is an occurrence of its own, placed where it is written,
    // so a report about the third element points at the third element.
    if (this.isSymbol('['))
      return this.list().map((value) => ({ name: name.text, value, ...positionOf(value) }));
    if (this.isSymbol('{') || this.isSymbol('<')) return [entry(this.message())];
    if (!colon) this.fail(`":" or "{" after field name "${name.text}"`);
    return [entry(this.scalar())];
  }

  private list(): TextValue[] {
    this.next();
    const values: TextValue[] = [];
    if (this.isSymbol(']')) {
      this.next();
      return values;
    }
    for (;;) {
      values.push(this.isSymbol('{') || this.isSymbol('<') ? this.message() : this.scalar());
      const token = this.next();
      if (token.kind === 'symbol' && token.text === ']') return values;
      if (!(token.kind === 'symbol' && token.text === ','))
        this.fail('"," or "]" in a list', token);
    }
  }

  private message(): TextMessage {
    const open = this.next();
    const close = open.text === '{' ? '}' : '>';
    const fields = this.fields({ text: close, open });
    return { kind: 'message', fields, line: open.line, column: open.column };
  }

  private scalar(): TextScalar {
    const token = this.next();
    const at: Position = { line: token.line, column: token.column };
    if (token.kind === 'string') {
      let value = token.value;
      while (this.peek().kind === 'string') value += (this.next() as { value: string }).value;
      return { kind: 'string', value, ...at };
    }
    if (token.kind === 'number') return { kind: 'number', text: token.text, ...at };
    if (token.kind === 'identifier') return { kind: 'identifier', text: token.text, ...at };
    if (token.kind === 'symbol' && token.text === '-') {
      const after = this.next();
      if (after.kind === 'number') return { kind: 'number', text: `-${after.text}`, ...at };
      if (after.kind === 'identifier' && /^(inf|infinity|nan)$/i.test(after.text)) {
        return { kind: 'identifier', text: `-${after.text}`, ...at };
      }
      this.fail('a number after "-"', after);
    }
    this.fail('a value (string, number or identifier)', token);
  }
}
