import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tableToCsv } from './csv';
import { generateDemoTable } from './demo';
import {
  estimateMemory,
  MAX_COLUMNS,
  readDelimited,
  type MemoryEstimate,
  type ReadOptions,
  type ReadResult,
} from './read';
import { cellAt, tableBytes } from './table';
import { piecewiseSource, textSource } from './testing/sources';

function rows(result: ReadResult): string[][] {
  const { table } = result;
  return Array.from({ length: table.numRows }, (_, r) => table.columns.map((c) => cellAt(c, r)));
}
function names(result: ReadResult): string[] {
  return result.table.columns.map((c) => c.name);
}
const read = (text: string, options?: ReadOptions) => readDelimited(textSource(text), options);

describe('readDelimited: quirks from PITFALLS.md, one inline fixture each', () => {
  it.each([
    {
      quirk: 'UTF-8 BOM before the first header',
      text: '\uFEFFid,name\n1,a\n2,b\n',
      columns: ['id', 'name'],
      data: [
        ['1', 'a'],
        ['2', 'b'],
      ],
    },
    {
      quirk: 'semicolon separator with decimal commas',
      text: 'city;price;rate\nBern;1,5;2,25\nBasel;3,75;0,5\n',
      columns: ['city', 'price', 'rate'],
      data: [
        ['Bern', '1,5', '2,25'],
        ['Basel', '3,75', '0,5'],
      ],
    },
    {
      quirk: 'tab separator with commas inside text',
      text: 'id\tnote\n1\thello, world\n2\tbye, now\n',
      columns: ['id', 'note'],
      data: [
        ['1', 'hello, world'],
        ['2', 'bye, now'],
      ],
    },
    {
      quirk: 'quoted cells holding the separator, quotes and newlines',
      text: 'id,text\n1,"a, b"\n2,"say ""hi"""\n3,"two\nlines"\n4,end\n',
      columns: ['id', 'text'],
      data: [
        ['1', 'a, b'],
        ['2', 'say "hi"'],
        ['3', 'two\nlines'],
        ['4', 'end'],
      ],
    },
    {
      quirk: '", " separators (values trimmed)',
      text: 'age, job, income\n39, State-gov, <=50K\n50, Self-emp, >50K\n',
      columns: ['age', 'job', 'income'],
      data: [
        ['39', 'State-gov', '<=50K'],
        ['50', 'Self-emp', '>50K'],
      ],
    },
    {
      quirk: 'missing tokens become empty cells',
      text: 'a,b,c\n1,NULL,x\n?,NA,\n2,,y\n',
      columns: ['a', 'b', 'c'],
      data: [
        ['1', '', 'x'],
        ['', '', ''],
        ['2', '', 'y'],
      ],
    },
    {
      quirk: 'last line without a newline',
      text: 'a,b\n1,2\n3,4',
      columns: ['a', 'b'],
      data: [
        ['1', '2'],
        ['3', '4'],
      ],
    },
    {
      quirk: 'CRLF line ends',
      text: 'a,b\r\n1,2\r\n3,"x\r\ny"\r\n',
      columns: ['a', 'b'],
      data: [
        ['1', '2'],
        ['3', 'x\ny'],
      ],
    },
    {
      quirk: 'numeric-looking header names stay names',
      text: 'click,101,121\n0,5,7\n1,6,8\n',
      columns: ['click', '101', '121'],
      data: [
        ['0', '5', '7'],
        ['1', '6', '8'],
      ],
    },
    {
      quirk: 'pipe separator',
      text: 'user|item|clk\nu1|i1|0\nu2|i2|1\n',
      columns: ['user', 'item', 'clk'],
      data: [
        ['u1', 'i1', '0'],
        ['u2', 'i2', '1'],
      ],
    },
    {
      quirk: 'headerless numbers get c0, c1, …',
      text: '0,5,7\n1,6,8\n',
      columns: ['c0', 'c1', 'c2'],
      data: [
        ['0', '5', '7'],
        ['1', '6', '8'],
      ],
    },
  ])('$quirk', async ({ text, columns, data }) => {
    const result = await read(text);
    expect(names(result)).toEqual(columns);
    expect(rows(result)).toEqual(data);
    expect(result.issues.filter((i) => i.severity !== 'info')).toEqual([]);
  });

  it('reports the sniffed dialect: ", " comma with trim, semicolon with decimal comma', async () => {
    expect((await read('age, job\n39, x\n40, y\n')).dialect).toMatchObject({
      separator: ',',
      trim: true,
      hasHeader: true,
    });
    expect((await read('a;b\nx;1,5\ny;2,5\n')).dialect).toMatchObject({
      separator: ';',
      decimalComma: true,
    });
  });

  it('the final line gives the same rows with or without a newline', async () => {
    const a = await read('a,b\n1,2\n3,4\n');
    const b = await read('a,b\n1,2\n3,4');
    expect(rows(a)).toEqual(rows(b));
    expect(a.lineCount).toBe(3);
  });

  it('line numbers count physical lines, across quoted newlines and empty lines', async () => {
    const result = await read('id,text\n1,"a\nb\nc"\n\n2,x\n3,y\n');
    expect([...result.table.lines]).toEqual([2, 6, 7]);
  });

  it('a configurable missing-token list replaces the default one', async () => {
    const result = await read('a,b\n-,NULL\n1,2\n', { missingTokens: ['-'] });
    expect(rows(result)).toEqual([
      ['', 'NULL'],
      ['1', '2'],
    ]);
  });

  it('stores each cleaned value once, however it was spelled (trimmed, missing tokens)', async () => {
    // Trimmed (", " separators): " x" and "x" are one value, " NA" and "null" are missing.
    const trimmed = await read('a, b\nx, NA\n x, null\nx,y\n NA ,\n', { dialect: { trim: true } });
    expect(rows(trimmed)).toEqual([
      ['x', ''],
      ['x', ''],
      ['x', 'y'],
      ['', ''],
    ]);
    const [a, b] = trimmed.table.columns;
    expect(a?.dict).toEqual(['x', '']);
    expect(b?.dict).toEqual(['', 'y']);
    // Untrimmed: " x" is its own value and " NA" is not a missing token.
    const raw = await read('a,b\nx,NA\n x, NA\n', { dialect: { trim: false } });
    expect(rows(raw)).toEqual([
      ['x', ''],
      [' x', ' NA'],
    ]);
    expect(raw.table.columns[1]?.dict).toEqual(['', ' NA']);
  });

  it('overrides beat the sniffer: a numeric first row forced to be a header', async () => {
    const result = await read('1,2\n3,4\n', { dialect: { hasHeader: true } });
    expect(names(result)).toEqual(['1', '2']);
    expect(rows(result)).toEqual([['3', '4']]);
  });
});

describe('readDelimited: bad input is counted and reported, never thrown', () => {
  const ragged = 'a,b,c\n1,2,3\n4,5\n6,7,8\n9,10,11,12\n13,14\n15,16,17\n';

  it('skips ragged rows and names their first lines', async () => {
    const result = await read(ragged);
    expect(rows(result)).toEqual([
      ['1', '2', '3'],
      ['6', '7', '8'],
      ['15', '16', '17'],
    ]);
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: 'RAGGED_ROW',
        count: 3,
        firstLines: [3, 5, 6],
        // Lines 3 and 6 have 2 fields, line 5 has 4: the message names both counts.
        message: 'Expected 3 fields, found 2 or 4.',
      }),
    ]);
    expect(result.stopped).toBe(false);
  });

  it('names a single found count plainly', async () => {
    const result = await read('a,b,c\n1,2\n3,4,5\n');
    expect(result.issues[0]?.message).toBe('Expected 3 fields, found 2.');
  });

  it('an empty file says only that it is empty (no separator evidence)', async () => {
    const result = await read('');
    expect(result.issues.map((i) => i.code)).toEqual(['EMPTY_FILE']);
    expect(result.sniffed.evidence).toEqual([]);
  });

  it('stops at the first ragged row when asked to', async () => {
    const result = await read(ragged, { onBadRow: 'stop' });
    expect(rows(result)).toEqual([['1', '2', '3']]);
    expect(result.stopped).toBe(true);
    expect(result.issues.map((i) => [i.code, i.firstLines])).toEqual([
      ['RAGGED_ROW', [3]],
      ['STOPPED', [3]],
    ]);
  });

  it('counts rows of binary garbage (invalid UTF-8, NUL bytes) and keeps the good rows', async () => {
    const head = new TextEncoder().encode('a,b\n1,2\n');
    const junk = Uint8Array.from([0xff, 0xfe, 0x2c, 0x00, 0x0a]); // "\xff\xfe,\0\n"
    const tail = new TextEncoder().encode('3,4\n');
    const bytes = new Uint8Array([...head, ...junk, ...tail]);
    const result = await readDelimited(piecewiseSource(bytes, []));
    expect(rows(result)).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(result.issues).toEqual([
      expect.objectContaining({ code: 'GARBAGE', count: 1, firstLines: [3] }),
    ]);
  });

  it('calls a binary file "not text"', async () => {
    const bytes = Uint8Array.from({ length: 4000 }, (_, i) => (i * 7919) % 256);
    const result = await readDelimited(piecewiseSource(bytes, []));
    expect(result.issues.map((i) => i.code)).toContain('NOT_TEXT');
  });

  it('an empty file is an error with no columns', async () => {
    const result = await read('');
    expect(result.table.columns).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({ code: 'EMPTY_FILE', severity: 'error' }),
    ]);
  });

  it('a header-only file has columns and no rows', async () => {
    const result = await read('user_id,item_id,clk\n');
    expect(names(result)).toEqual(['user_id', 'item_id', 'clk']);
    expect(result.table.numRows).toBe(0);
    expect(result.issues.map((i) => i.code)).toEqual(['HEADER_ONLY']);
  });

  it('repairs empty and repeated header names, and says so', async () => {
    const result = await read('a,,a\n1,2,3\n');
    expect(names(result)).toEqual(['a', 'c1', 'a_2']);
    // One entry per repaired name, so the second is not hidden behind a count of the first.
    expect(result.issues.map((i) => [i.code, i.message, i.column])).toEqual([
      ['HEADER_FIXED', 'Column 2 has no name; called it "c1".', 'c1'],
      ['HEADER_FIXED', 'Column name "a" repeats; the copy at column 3 is "a_2".', 'a_2'],
    ]);
  });

  it('an unclosed quote is reported, not thrown', async () => {
    const result = await read('a,b\n1,"open\n2,3\n');
    expect(result.issues.map((i) => i.code)).toContain('QUOTE');
  });

  it('rows that are all bad are named as bad rows, not as a header-only file', async () => {
    const result = await read('user,clk,price\nu1;1;2\nu2;0;3\n');
    expect(result.table.numRows).toBe(0);
    expect(result.issues.map((i) => i.code)).toEqual(['RAGGED_ROW']);
    expect(result.issues[0]).toMatchObject({ count: 2, firstLines: [2, 3] });
  });

  it('stops at a first line of more than MAX_COLUMNS fields instead of building them', async () => {
    const wide = Array.from({ length: MAX_COLUMNS + 1 }, (_, i) => `c${i}`).join(',');
    const result = await read(`${wide}\n${wide}\n`);
    expect(result.table.columns).toEqual([]);
    expect(result.issues).toEqual([
      expect.objectContaining({
        code: 'TOO_MANY_COLUMNS',
        severity: 'error',
        firstLines: [1],
        message: 'Line 1 has 10,001 columns, more than 10,000; is the separator right?',
      }),
    ]);
    // At the limit the table is built.
    const atLimit = Array.from({ length: MAX_COLUMNS }, (_, i) => `c${i}`).join(',');
    expect(names(await read(`${atLimit}\n${atLimit}\n`))).toHaveLength(MAX_COLUMNS);
  });

  it("a corrupt gzip body rejects with a sentence about the file, not only zlib's words", async () => {
    const bytes = new Uint8Array([
      0x1f,
      0x8b,
      0x08,
      0x00,
      ...Array.from({ length: 64 }, (_, i) => (i * 37) % 256),
    ]);
    await expect(readDelimited(piecewiseSource(bytes, [3]))).rejects.toThrow(
      /^it starts like a gzip file, but its compressed data is broken \(.+\); is the download complete\?$/,
    );
  });
});

describe('readDelimited: text encodings', () => {
  const text = 'id,city\n1,Z\u00fcrich\n2,Gen\u00e8ve\n';
  it.each([
    ['UTF-16LE', [0xff, 0xfe], Buffer.from(text, 'utf16le')],
    ['UTF-16BE', [0xfe, 0xff], Buffer.from(text, 'utf16le').swap16()],
  ])('reads %s by its byte-order mark, as UTF-8 text reads', async (_, bom, body) => {
    const bytes = new Uint8Array([...bom, ...body]);
    // Cut after the first byte of the mark: the mark is recognised across chunks.
    const result = await readDelimited(piecewiseSource(bytes, [1, 7]));
    expect(names(result)).toEqual(['id', 'city']);
    expect(rows(result)).toEqual(rows(await read(text)));
    expect(result.issues).toEqual([]);
  });

  it('UTF-16 inside gzip is read too', async () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const result = await readDelimited(piecewiseSource(new Uint8Array(gzipSync(body)), []));
    expect(result.gzip).toBe(true);
    expect(rows(result)).toEqual(rows(await read(text)));
  });

  it('Latin-1 bytes are not guessed: rows with them are reported as not UTF-8', async () => {
    const bytes = new Uint8Array(Buffer.from(text, 'latin1'));
    const result = await readDelimited(piecewiseSource(bytes, []));
    expect(result.table.numRows).toBe(0);
    expect(result.issues[0]).toMatchObject({ code: 'GARBAGE', count: 2, firstLines: [2, 3] });
  });
});

describe('readDelimited: headerless files take names from input_fields', () => {
  it('uses the given names', async () => {
    const result = await read('0,u1,3\n1,u2,4\n', { columnNames: ['clk', 'user_id', 'price'] });
    expect(names(result)).toEqual(['clk', 'user_id', 'price']);
    expect(result.table.numRows).toBe(2);
  });

  it('checks rows against the names when the count differs', async () => {
    const result = await read('0,u1,3\n1,u2,4\n', { columnNames: ['clk', 'user_id'] });
    expect(names(result)).toEqual(['clk', 'user_id']);
    expect(result.table.numRows).toBe(0);
    expect(result.issues.map((i) => i.code)).toEqual(['COLUMN_NAMES', 'RAGGED_ROW']);
    expect(result.issues[0]?.message).toMatch(/^The file has 3 fields per line but 2 column/);
  });

  it('says "1 field" for a file of one field a line (a wrong separator)', async () => {
    const result = await read('0;u1;3\n1;u2;4\n', {
      columnNames: ['clk', 'user_id', 'price'],
      dialect: { separator: ',' },
    });
    expect(result.issues[0]?.message).toMatch(/^The file has 1 field per line but 3 column/);
  });
});

describe('readDelimited: streaming', () => {
  const text = 'id,text,v\n1,"a,\nb",1.5\r\n2,"say ""x""",2\r\n3,plain,3\n4,"",4';

  it('gives the same table wherever the chunks are cut (also inside CRLF and quotes)', async () => {
    const whole = rows(await read(text));
    const bytes = new TextEncoder().encode(text);
    await fc.assert(
      fc.asyncProperty(fc.array(fc.integer({ min: 1, max: bytes.length - 1 })), async (cuts) => {
        const pieces = await readDelimited(piecewiseSource(bytes, cuts));
        expect(rows(pieces)).toEqual(whole);
        expect([...pieces.table.lines]).toEqual([2, 4, 5, 6]);
      }),
      { seed: 7, numRuns: 200 },
    );
  });

  it('reads gzip by its magic bytes, whatever the name', async () => {
    const plain = 'a,b\n1,2\n3,4\n';
    const gz = new Uint8Array(gzipSync(Buffer.from(plain)));
    expect([gz[0], gz[1]]).toEqual([0x1f, 0x8b]);
    const result = await readDelimited(piecewiseSource(gz, [1, 5]));
    expect(result.gzip).toBe(true);
    expect(rows(result)).toEqual(rows(await read(plain)));
    expect(result.bytesRead).toBe(gz.length);
  });

  it('reports progress up to the full size', async () => {
    const seen: number[] = [];
    const bytes = new TextEncoder().encode('a,b\n' + '1,2\n'.repeat(1000));
    await readDelimited(piecewiseSource(bytes, [100, 2000]), {
      onProgress: (p) => seen.push(p.bytesRead),
    });
    expect(seen.at(-1)).toBe(bytes.length);
  });

  it('cancels: an aborted signal rejects with its reason', async () => {
    const controller = new AbortController();
    const bytes = new TextEncoder().encode('a,b\n' + '1,2\n'.repeat(100_000));
    const cuts = Array.from({ length: 100 }, (_, i) => i * 4000);
    const reading = readDelimited(piecewiseSource(bytes, cuts), {
      signal: controller.signal,
      onProgress: () => controller.abort(new Error('cancelled by test')),
    });
    await expect(reading).rejects.toThrow('cancelled by test');
  });

  it('stops at a row limit', async () => {
    const result = await read('a\n1\n2\n3\n', { maxRows: 2 });
    expect(result.table.numRows).toBe(2);
    expect(result.issues.map((i) => i.code)).toEqual(['ROW_LIMIT']);
  });
});

describe('estimateMemory (before reading)', () => {
  it('scales the sample to the file size (by hand)', () => {
    // 8 bytes hold 2 lines → 800 bytes hold 200 rows; 200 × (2 cells + 1 line number) × 4 B
    // = 2,400 B of codes; at most 2 × 800 B of distinct text on top.
    expect(estimateMemory('a,b\n1,2\n', 2, 800, false)).toEqual({
      rows: 200,
      lowBytes: 2400,
      highBytes: 4000,
      rough: false,
    });
  });

  it('brackets what the demo table really takes', async () => {
    const text = tableToCsv(generateDemoTable(5000, 3));
    const estimates: (MemoryEstimate | null)[] = [];
    const result = await readDelimited(textSource(text), {
      onProgress: (p) => estimates.push(p.estimate),
    });
    const estimate = estimates.at(-1)!;
    expect(Math.abs(estimate.rows - 5000) / 5000).toBeLessThan(0.05);
    const actual = tableBytes(result.table);
    expect(actual).toBeGreaterThan(estimate.lowBytes * 0.95);
    expect(actual).toBeLessThan(estimate.highBytes);
  });
});
