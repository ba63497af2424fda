import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatFloat, formatString, writeTextFormat } from './writer';
import { readTextFormat } from './reader';
import { parseFloatText, parseIntegerText } from './numbers';

describe('writeTextFormat', () => {
  it('indents by two spaces, opens messages with "name {" and writes lists on one line', () => {
    const text = writeTextFormat([
      { name: 'a', values: [{ kind: 'scalar', text: '1' }] },
      {
        name: 'm',
        values: [
          {
            kind: 'message',
            fields: [
              {
                name: 'h',
                list: true,
                values: [
                  { kind: 'scalar', text: '512' },
                  { kind: 'scalar', text: '256' },
                ],
              },
              {
                name: 'l',
                values: [
                  { kind: 'scalar', text: '"x"' },
                  { kind: 'scalar', text: '"y"' },
                ],
              },
              { name: 'auc', values: [{ kind: 'message', fields: [] }] },
            ],
          },
        ],
      },
    ]);
    expect(text).toBe(
      ['a: 1', 'm {', '  h: [512, 256]', '  l: "x"', '  l: "y"', '  auc {', '  }', '}', ''].join(
        '\n',
      ),
    );
  });
});

describe('formatFloat writes what Python repr writes', () => {
  // Expected values are Python 3's repr() of the same floats.
  it.each([
    [1, '1.0', '1'],
    [0.001, '0.001', '0.001'],
    [1e-4, '0.0001', '0.0001'],
    [1e-6, '1e-06', '1e-06'],
    [5e-6, '5e-06', '5e-06'],
    [1.5e-7, '1.5e-07', '1.5e-07'],
    [0.95, '0.95', '0.95'],
    [10000, '10000.0', '10000'],
    [1e16, '1e+16', '1e+16'],
    [123456789012345.6, '123456789012345.6', '123456789012345.6'],
    [-2.5, '-2.5', '-2.5'],
    [0, '0.0', '0'],
    [0.1 + 0.2, '0.30000000000000004', '0.30000000000000004'],
    [Infinity, 'inf', 'inf'],
    [-Infinity, '-inf', '-inf'],
    [NaN, 'nan', 'nan'],
  ])('%s → %s (bare %s)', (value, scalar, bare) => {
    expect(formatFloat(value)).toBe(scalar);
    expect(formatFloat(value, true)).toBe(bare);
  });

  it('reads back to the same double for any finite value (seeded property)', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        expect(parseFloatText(formatFloat(value))).toBe(value);
        expect(parseFloatText(formatFloat(value, true))).toBe(value);
      }),
      { seed: 3, numRuns: 2000 },
    );
  });
});

describe('formatString', () => {
  it.each([
    ['plain', 'is_click', '"is_click"'],
    ['quote and backslash', 'a"b\\c', String.raw`"a\"b\\c"`],
    ['newline, tab, return', 'a\nb\tc\rd', String.raw`"a\nb\tc\rd"`],
    ['other control characters as octal', '\x01\x7f', String.raw`"\001\177"`],
    ['single quote needs no escape', "it's", `"it's"`],
    ['non-ASCII stays readable', '用户', '"用户"'],
  ])('%s', (_name, value, literal) => {
    expect(formatString(value)).toBe(literal);
  });

  it('escapes UTF-8 bytes as octal when asked (protoc printer style)', () => {
    expect(formatString('用', { asciiOnly: true })).toBe(String.raw`"\347\224\250"`);
  });

  it('reads back to the same string for any text (seeded property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.boolean(), (value, asciiOnly) => {
        const tree = readTextFormat(`s: ${formatString(value, { asciiOnly })}`);
        expect(tree.fields[0]?.value).toMatchObject({ kind: 'string', value });
      }),
      { seed: 7, numRuns: 1000 },
    );
  });
});

describe('number tokens', () => {
  it.each([
    ['42', 42n],
    ['-7', -7n],
    ['0x1F', 31n],
    ['017', 15n],
    ['0', 0n],
    ['18446744073709551615', 18446744073709551615n],
    ['1.0', null],
    ['1e3', null],
  ])('integer %s → %s', (text, expected) => {
    expect(parseIntegerText(text)).toBe(expected);
  });

  it.each([
    ['1e-06', 1e-6],
    ['5E+6', 5e6],
    ['.5', 0.5],
    ['1.0f', 1],
    ['-2', -2],
    ['inf', Infinity],
    ['-Infinity', -Infinity],
    ['0x10', 16],
    ['abc', null],
  ])('float %s → %s', (text, expected) => {
    expect(parseFloatText(text)).toBe(expected);
  });

  it('nan is NaN', () => {
    expect(parseFloatText('NaN')).toBeNaN();
  });
});
