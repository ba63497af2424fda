import { describe, expect, it } from 'vitest';
import { liveStreamingPreset } from '../project/presets';
import { validateProject } from '../project/validate';
import { tableToCsv } from './csv';
import { DEMO_ROWS, DEMO_WEIGHTS, demoProject, generateDemoTable } from './demo';
import { readDelimited } from './read';
import { checkLabels, suggestedRegressionWeight } from './sanity';
import { inferSchema } from './schema';
import { cellAt, findColumn, type Table } from './table';

function numbers(table: Table, name: string): number[] {
  const column = findColumn(table, name)!;
  return Array.from({ length: table.numRows }, (_, r) => Number(cellAt(column, r)));
}
function strings(table: Table, name: string): string[] {
  const column = findColumn(table, name)!;
  return Array.from({ length: table.numRows }, (_, r) => cellAt(column, r));
}
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Rank AUC with ties counted one half (Mann–Whitney U / (P·N)), written here independently. */
function auc(scores: number[], labels: number[]): number {
  const order = scores.map((s, i) => [s, labels[i]!] as const).sort((a, b) => a[0] - b[0]);
  let rankSum = 0;
  let positives = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j]![0] === order[i]![0]) j++;
    const midRank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) {
      if (order[k]![1] !== 1) continue;
      rankSum += midRank;
      positives++;
    }
    i = j;
  }
  const negatives = order.length - positives;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

describe('demo data', () => {
  const table = generateDemoTable();
  const click = numbers(table, 'is_click');
  const view = numbers(table, 'is_view');
  const costtime = numbers(table, 'view_costtime');
  const mic = numbers(table, 'is_on_mic');
  const duration = numbers(table, 'on_mic_duration');

  it('is the same for the same seed and differs for another', () => {
    expect(tableToCsv(generateDemoTable(500, 7))).toBe(tableToCsv(generateDemoTable(500, 7)));
    expect(tableToCsv(generateDemoTable(500, 7))).not.toBe(tableToCsv(generateDemoTable(500, 8)));
    expect(table.numRows).toBe(DEMO_ROWS);
  });

  it('keeps the behaviour graph on every row', () => {
    for (let r = 0; r < table.numRows; r++) {
      if (view[r] || mic[r]) expect(click[r], `row ${r}`).toBe(1);
      expect(costtime[r]! > 0, `row ${r}`).toBe(view[r] === 1);
      expect(duration[r]! > 0, `row ${r}`).toBe(mic[r] === 1);
    }
  });

  it('has the sparse rates of real logs', () => {
    const clicks = sum(click);
    expect(clicks / table.numRows).toBeGreaterThan(0.1);
    expect(clicks / table.numRows).toBeLessThan(0.2);
    expect(sum(view) / clicks).toBeGreaterThan(0.35);
    expect(sum(view) / clicks).toBeLessThan(0.5);
    expect(sum(mic) / clicks).toBeGreaterThan(0.05);
    expect(sum(mic) / clicks).toBeLessThan(0.1);
  });

  it('carries signal a model can learn from its columns', () => {
    // A count model: click rate per (user, category), per streamer and per (hour, device),
    // learnt on the first half, scored on the second half by adding the smoothed rates.
    const users = strings(table, 'user_id');
    const categories = strings(table, 'category');
    const hours = strings(table, 'hour');
    const devices = strings(table, 'device');
    const half = table.numRows / 2;
    const rate = (keys: string[]) => {
      const stats = new Map<string, [number, number]>();
      for (let r = 0; r < half; r++) {
        const s = stats.get(keys[r]!) ?? [0, 0];
        stats.set(keys[r]!, [s[0] + click[r]!, s[1] + 1]);
      }
      const prior = sum(click.slice(0, half)) / half;
      return (key: string) => {
        const [c, n] = stats.get(key) ?? [0, 0];
        return (c + 5 * prior) / (n + 5);
      };
    };
    const userCat = users.map((u, r) => `${u}/${categories[r]}`);
    const hourDevice = hours.map((h, r) => `${h}/${devices[r]}`);
    const streamers = strings(table, 'streamer_id');
    const a = rate(userCat);
    const b = rate(hourDevice);
    const c = rate(streamers);
    const scores: number[] = [];
    const labels: number[] = [];
    for (let r = half; r < table.numRows; r++) {
      scores.push(a(userCat[r]!) + b(hourDevice[r]!) + c(streamers[r]!));
      labels.push(click[r]!);
    }
    expect(auc(scores, labels)).toBeGreaterThan(0.65);
  });

  it('reads back from its CSV into the same table, with the expected roles', async () => {
    const small = generateDemoTable(2000);
    const read = await readDelimited(new Blob([tableToCsv(small)]));
    expect(read.issues).toEqual([]);
    expect(read.table.numRows).toBe(2000);
    expect(strings(read.table, 'streamer_tags')).toEqual(strings(small, 'streamer_tags'));
    const schema = inferSchema(read.table, { labelNames: ['view_costtime', 'on_mic_duration'] });
    const role = (name: string) => schema.columns.find((c) => c.name === name)?.role;
    expect(
      [
        'is_click',
        'is_view',
        'view_costtime',
        'is_on_mic',
        'user_id',
        'streamer_tags',
        'follower_count',
        'device',
      ].map(role),
    ).toEqual(['label', 'label', 'label', 'label', 'id', 'tag', 'dense', 'id']);
  });

  it('the demo project extends the preset and validates without errors', () => {
    const project = demoProject();
    const preset = liveStreamingPreset();
    expect(project.data.inputFields.slice(0, 8)).toEqual(preset.data.inputFields);
    expect(project.features.slice(0, 3)).toEqual(preset.features);
    expect(project.features.map((f) => f.inputName)).toEqual(
      expect.arrayContaining(['streamer_id', 'category', 'hour', 'device']),
    );
    expect(validateProject(project).filter((p) => p.severity === 'error')).toEqual([]);
    // The preset itself is untouched.
    expect(preset.features).toHaveLength(3);
  });

  it('durations get the weights sanity suggests for them on the demo table', () => {
    const report = checkLabels(demoProject(), table);
    const weights = report.findings.filter((f) => f.code === 'REGRESSION_SCALE');
    expect(Object.fromEntries(weights.map((f) => [f.task, f.suggestedWeight]))).toEqual(
      DEMO_WEIGHTS,
    );
    expect(weights.every((f) => f.severity === 'info')).toBe(true);
    // Hand check of the rule on two values 0 and 100: variance 2500 → 1/2500 = 0.0004.
    expect(suggestedRegressionWeight(2500)).toBe(0.0004);
    // No row breaks the chain on any of the six edges (view_costtime and on_mic_duration
    // have two parents each).
    expect(report.findings.filter((f) => f.code === 'CHAIN_VIOLATION')).toEqual([]);
    expect(report.findings.filter((f) => f.code === 'CHAIN_OK')).toHaveLength(6);
  });
});
