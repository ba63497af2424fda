/**
 * Reading benchmark, one measurement per process (so peak memory is its own):
 *   tsx bench/node/csv.ts generate FILE MB   writes the demo logs as CSV, repeated to MB
 *   tsx bench/node/csv.ts ours FILE          readDelimited + encodeProject (the app's path)
 *   tsx bench/node/csv.ts papa FILE          papaparse on the same text, in memory
 * Prints one JSON line.
 */
import { openAsBlob, readFileSync, statSync, writeFileSync } from 'node:fs';
import Papa from 'papaparse';
import { demoProject, generateDemoTable } from '../../src/core/data/demo';
import { encodeProject } from '../../src/core/data/encode';
import { readDelimited } from '../../src/core/data/read';
import { cellAt } from '../../src/core/data/table';

const [mode = 'ours', file = 'bench/out/demo_100mb.csv', mbArg = '100'] = process.argv.slice(2);
const peak = () => process.resourceUsage().maxRSS / 1024;

if (mode === 'generate') {
  // 50,000 seeded demo rows as text, repeated: parse speed does not depend on repetition.
  const table = generateDemoTable(50_000);
  const header = table.columns.map((c) => c.name).join(',');
  const lines: string[] = [];
  for (let r = 0; r < table.numRows; r++)
    lines.push(table.columns.map((c) => cellAt(c, r)).join(','));
  const block = `${lines.join('\n')}\n`;
  const copies = Math.max(1, Math.round((Number(mbArg) * 1e6) / Buffer.byteLength(block)));
  writeFileSync(file, `${header}\n${block.repeat(copies)}`);
  console.log(JSON.stringify({ mode, bytes: statSync(file).size, rows: copies * table.numRows }));
} else if (mode === 'ours') {
  const bytes = statSync(file).size;
  const t0 = performance.now();
  const read = await readDelimited(await openAsBlob(file));
  const t1 = performance.now();
  const encoded = encodeProject(demoProject(), read.table, { split: { kind: 'none' } });
  const t2 = performance.now();
  console.log(
    JSON.stringify({
      mode,
      bytes,
      rows: read.table.numRows,
      encodedRows: encoded.train.numRows,
      readMs: t1 - t0,
      encodeMs: t2 - t1,
      readMBps: bytes / 1e6 / ((t1 - t0) / 1000),
      readEncodeMBps: bytes / 1e6 / ((t2 - t0) / 1000),
      peakRssMB: peak(),
    }),
  );
} else {
  const bytes = statSync(file).size;
  const t0 = performance.now();
  const text = readFileSync(file, 'utf8');
  const result = Papa.parse<string[]>(text, { skipEmptyLines: true });
  const t1 = performance.now();
  console.log(
    JSON.stringify({
      mode,
      bytes,
      rows: result.data.length - 1,
      parseMs: t1 - t0,
      parseMBps: bytes / 1e6 / ((t1 - t0) / 1000),
      peakRssMB: peak(),
    }),
  );
}
