import { describe, expect, it } from 'vitest';
import { parseNumber, parseNumberList } from './parse';

describe('parseNumber', () => {
  it.each([
    ['0.001', {}, 0.001],
    [' 42 ', { integer: true }, 42],
    ['1e-6', { min: 0 }, 1e-6],
    ['0', { min: 0, below: 1 }, 0],
  ])('accepts %j with %j as %d', (text, rule, value) => {
    expect(parseNumber(text, rule)).toEqual({ ok: true, value });
  });

  it.each([
    ['', {}, 'Enter a number.'],
    ['abc', {}, '"abc" is not a number.'],
    ['NaN', {}, '"NaN" is not a number.'],
    ['Infinity', {}, '"Infinity" is not a number.'],
    ['1.5', { integer: true }, 'Enter a whole number.'],
    ['-1', { min: 0 }, 'Must be at least 0.'],
    ['0', { above: 0 }, 'Must be above 0.'],
    ['1', { below: 1 }, 'Must be below 1.'],
    ['2', { max: 1 }, 'Must be at most 1.'],
  ])('refuses %j with %j: %s', (text, rule, error) => {
    expect(parseNumber(text, rule)).toEqual({ ok: false, error });
  });
});

describe('parseNumberList', () => {
  const units = { integer: true, min: 1 };
  it.each([
    ['128, 96, 64', [128, 96, 64]],
    ['128 96,64', [128, 96, 64]],
    ['  512 , ', [512]],
  ])('reads %j as %j', (text, value) => {
    expect(parseNumberList(text, units, false)).toEqual({ ok: true, value });
  });

  it('names the entry that is wrong', () => {
    expect(parseNumberList('128, 0, 64', units, false)).toEqual({
      ok: false,
      error: 'Entry 2: Must be at least 1.',
    });
  });

  it('accepts an empty list only where allowed (dropout: none)', () => {
    expect(parseNumberList(' ', units, true)).toEqual({ ok: true, value: [] });
    expect(parseNumberList(' ', units, false)).toEqual({
      ok: false,
      error: 'Enter at least one value.',
    });
  });
});
