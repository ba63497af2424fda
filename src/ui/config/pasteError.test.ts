import { describe, expect, it } from 'vitest';
import { locate } from './pasteError';

describe('locate', () => {
  // Offsets counted by hand: line 1 is 'a: 1' (4 characters and a newline), so line 2
  // starts at offset 5.
  const text = 'a: 1\nb: [1, 2 3]\n';

  it('finds the offset of line:column and draws a caret under the column', () => {
    // In 'b: [1, 2 3]' the stray 3 is the 10th character: column 10, offset 5 + 9.
    expect(locate(text, 2, 10)).toEqual({
      offset: 14,
      line: 2,
      text: 'b: [1, 2 3]',
      gutter: '2 | ',
      marker: '         ^',
    });
    expect(text[14]).toBe('3');
  });

  it('keeps tabs in the marker so the caret lines up, and ignores a CR before the newline', () => {
    const located = locate('x\r\n\tkey: "v\r\n', 2, 7);
    expect(located?.text).toBe('\tkey: "v');
    expect(located?.marker).toBe('\t     ^');
    expect(located?.offset).toBe(3 + 6);
  });

  it.each([
    ['the whole file', 0, 0],
    ['a line past the end', 9, 1],
  ])('%s: no place', (_name, line, column) => {
    expect(locate(text, line, column)).toBeNull();
  });
});
