import { describe, expect, it } from 'vitest';
import { readTextFormat } from './reader';
import { TextFormatError } from './errors';
import type { TextMessage, TextValue } from './tree';

/** A compact view of a tree: scalars as their text or string value, messages as objects. */
function plain(message: TextMessage): [string, unknown][] {
  return message.fields.map((f) => [f.name, plainValue(f.value)]);
}
function plainValue(value: TextValue): unknown {
  if (value.kind === 'message') return plain(value);
  return value.kind === 'string' ? { s: value.value } : value.text;
}

describe('readTextFormat: syntax forms', () => {
  it.each([
    ['scalar with colon', 'a: 1', [['a', '1']]],
    ['message without colon', 'm { a: 1 }', [['m', [['a', '1']]]]],
    ['message with colon', 'm: { a: 1 }', [['m', [['a', '1']]]]],
    ['angle brackets', 'm < a: 1 >', [['m', [['a', '1']]]]],
    ['empty message', 'auc {}', [['auc', []]]],
    [
      'scalar list',
      'h: [512, 256]',
      [
        ['h', '512'],
        ['h', '256'],
      ],
    ],
    ['empty list', 'h: []', []],
    [
      'message list',
      'm: [{a: 1}, <a: 2>]',
      [
        ['m', [['a', '1']]],
        ['m', [['a', '2']]],
      ],
    ],
    ['message list without colon', 'm [{a: 1}]', [['m', [['a', '1']]]]],
    [
      'repeated lines',
      'l: "a"\nl: "b"',
      [
        ['l', { s: 'a' }],
        ['l', { s: 'b' }],
      ],
    ],
    [
      'comma and semicolon separators',
      'a: 1, b: 2; c: 3',
      [
        ['a', '1'],
        ['b', '2'],
        ['c', '3'],
      ],
    ],
    ['comment lines and trailing comments', '# top\na: 1 # one\n# end', [['a', '1']]],
    ['hash inside a string is no comment', 'a: "x#y"', [['a', { s: 'x#y' }]]],
    ['single quotes', "a: 'it'", [['a', { s: 'it' }]]],
    ['adjacent strings join', 'a: "ab" \'cd\'\n "ef"', [['a', { s: 'abcdef' }]]],
    ['enum identifier', 'loss_type: L2_LOSS', [['loss_type', 'L2_LOSS']]],
    ['negative integer', 'a: -3', [['a', '-3']]],
    ['minus with a space', 'a: - 3', [['a', '-3']]],
    ['hex integer', 'a: 0x1F', [['a', '0x1F']]],
    [
      'exponent floats',
      'a: 1e-06 b: 5E+6 c: .5 d: 1.0f',
      [
        ['a', '1e-06'],
        ['b', '5E+6'],
        ['c', '.5'],
        ['d', '1.0f'],
      ],
    ],
    [
      'inf and nan',
      'a: inf b: -inf c: nan d: -Infinity',
      [
        ['a', 'inf'],
        ['b', '-inf'],
        ['c', 'nan'],
        ['d', '-Infinity'],
      ],
    ],
    [
      'booleans stay words',
      'a: true b: f',
      [
        ['a', 'true'],
        ['b', 'f'],
      ],
    ],
    [
      'no whitespace at all',
      'm{a:1}n{b:"x"}',
      [
        ['m', [['a', '1']]],
        ['n', [['b', { s: 'x' }]]],
      ],
    ],
    [
      'CRLF line ends',
      'a: 1\r\nb: 2\r\n',
      [
        ['a', '1'],
        ['b', '2'],
      ],
    ],
  ])('%s', (_name, source, expected) => {
    expect(plain(readTextFormat(source))).toEqual(expected);
  });
});

describe('readTextFormat: string escapes', () => {
  // Expected strings written out by hand from the C escape table (and UTF-8 for 用, which
  // is U+7528, bytes E7 94 A8, octal 347 224 250).
  it.each([
    ['quote and backslash', String.raw`"a\"b\\c"`, 'a"b\\c'],
    ['single quote escaped in single quotes', String.raw`'it\'s'`, "it's"],
    ['newline tab return', String.raw`"\n\t\r"`, '\n\t\r'],
    ['bell, backspace, form feed, vtab, question', String.raw`"\a\b\f\v\?"`, '\x07\b\f\v?'],
    ['octal one to three digits', String.raw`"\101\60\0"`, 'A0\0'],
    ['octal stops after three digits', String.raw`"\1014"`, 'A4'],
    ['hex escape', String.raw`"\x41\x7e"`, 'A~'],
    ['unicode escape', String.raw`"\u7528"`, '用'],
    ['long unicode escape', String.raw`"\U0001F600"`, '😀'],
    ['UTF-8 bytes as octal', String.raw`"\347\224\250"`, '用'],
    ['UTF-8 bytes as hex', String.raw`"\xe7\x94\xa8"`, '用'],
    ['raw non-ASCII', '"用户 ü"', '用户 ü'],
  ])('%s', (_name, literal, expected) => {
    const tree = readTextFormat(`s: ${literal}`);
    expect(tree.fields[0]?.value).toMatchObject({ kind: 'string', value: expected });
  });
});

describe('readTextFormat: positions', () => {
  it('gives each field and value its line and column; list elements are placed at themselves', () => {
    const tree = readTextFormat('# c\nouter {\n  inner: [1,\n    2]\n}\n');
    const outer = tree.fields[0];
    expect(outer).toMatchObject({ name: 'outer', line: 2, column: 1 });
    const inner = (outer?.value as TextMessage).fields;
    expect(inner.map((f) => [f.line, f.column, f.value.line, f.value.column])).toEqual([
      // `inner: [1,` starts at 3:3, its 1 is at 3:11 and its 2 at 4:5 (counted by hand).
      [3, 11, 3, 11],
      [4, 5, 4, 5],
    ]);
  });
});

function errorOf(source: string): TextFormatError {
  try {
    readTextFormat(source);
  } catch (error) {
    if (error instanceof TextFormatError) return error;
    throw error;
  }
  throw new Error(`no error for ${source}`);
}

describe('readTextFormat: errors carry position, expected and found', () => {
  it.each([
    [
      'missing value',
      'a:',
      'UNEXPECTED_TOKEN',
      1,
      3,
      'a value (string, number or identifier)',
      'end of input',
    ],
    [
      'scalar without colon',
      'a 1',
      'UNEXPECTED_TOKEN',
      1,
      3,
      '":" or "{" after field name "a"',
      '"1"',
    ],
    ['unclosed message', 'm {\n a: 1\n', 'UNCLOSED_MESSAGE', 3, 1, '"}"', 'end of input'],
    [
      'wrong closing delimiter',
      'm { a: 1 >',
      'UNEXPECTED_TOKEN',
      1,
      10,
      'a field name or "}"',
      '">"',
    ],
    ['stray closing brace', 'a: 1 }', 'UNEXPECTED_TOKEN', 1, 6, 'a field name', '"}"'],
    [
      'unterminated string',
      'a: "abc\nb: 1',
      'UNTERMINATED_STRING',
      1,
      4,
      'a closing "',
      'end of line',
    ],
    ['bad escape', 'a: "x\\qy"', 'BAD_ESCAPE', 1, 6, expect.stringContaining('an escape'), '"\\q"'],
    [
      'octal escape too large',
      'a: "\\400"',
      'BAD_ESCAPE',
      1,
      5,
      'an octal escape up to \\377',
      '\\400',
    ],
    [
      'invalid UTF-8 from escapes',
      'a: "\\xff"',
      'BAD_ESCAPE',
      1,
      4,
      'a string of valid UTF-8',
      'bytes that are not UTF-8',
    ],
    [
      'number glued to a word',
      'a: 12abc',
      'BAD_NUMBER',
      1,
      6,
      'a separator after the number',
      '"a"',
    ],
    [
      'exponent without digits',
      'a: 1e',
      'BAD_NUMBER',
      1,
      6,
      'digits in the exponent',
      'end of input',
    ],
    [
      'unexpected character',
      'a: 1\n  @',
      'UNEXPECTED_CHARACTER',
      2,
      3,
      'a field name, value or punctuation',
      '"@"',
    ],
    [
      'list without closing bracket',
      'h: [1, 2 3]',
      'UNEXPECTED_TOKEN',
      1,
      10,
      '"," or "]" in a list',
      '"3"',
    ],
    ['minus before a word', 'a: -x', 'UNEXPECTED_TOKEN', 1, 5, 'a number after "-"', '"x"'],
    ['field name is a number', '1: 2', 'UNEXPECTED_TOKEN', 1, 1, 'a field name', '"1"'],
  ])('%s', (_name, source, code, line, column, expected, found) => {
    const error = errorOf(source);
    expect({ code: error.code, line: error.line, column: error.column }).toEqual({
      code,
      line,
      column,
    });
    expect(error.expected).toEqual(expected);
    expect(error.found).toEqual(found);
    expect(error.message.startsWith(`${line}:${column}: `)).toBe(true);
  });

  it('names where an unclosed message was opened', () => {
    expect(errorOf('a {\n  b {\n  }\n').message).toBe(
      '4:1: expected "}" to close the message opened at 1:3, found end of input',
    );
  });
});
