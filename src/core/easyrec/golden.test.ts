import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { liveStreamingPreset } from '../project/presets';
import { exportConfig } from './export';
import { importConfig } from './import';
import { equivalentForm } from './testing';

/** The complete example of docs/EASYREC-CONFIG.md, copied verbatim from the doc. */
const golden = readFileSync(
  new URL('./fixtures/live_streaming.golden.config', import.meta.url),
  'utf8',
);

function exported(): string {
  const result = exportConfig(liveStreamingPreset());
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.text;
}

describe('golden: the live-streaming preset and the example of EASYREC-CONFIG.md', () => {
  it('are equivalent field by field (parsed, proto defaults filled in)', () => {
    expect(equivalentForm(exported())).toEqual(equivalentForm(golden));
  });

  it('differ in text only where the doc varies the syntax on purpose', () => {
    // The doc writes a comment line, and relation_tower_names once as lists and once as
    // repeated lines; the writer has one canonical form (repeated lines for strings).
    const ours = exported().split('\n');
    const theirs = golden.split('\n').filter((line) => !line.startsWith('#'));
    const normalise = (lines: string[]) =>
      lines.flatMap((line) => {
        const list = /^(\s*)relation_tower_names: \[(.*)\]$/.exec(line);
        if (!list) return [line];
        const [, indent, items] = list as unknown as [string, string, string];
        return items.split(', ').map((item) => `${indent}relation_tower_names: ${item}`);
      });
    expect(ours).toEqual(normalise(theirs));
    const listed = golden.split('\n').filter((l) => l.includes('relation_tower_names: ['));
    expect(listed).toHaveLength(2);
  });

  it('imports without a single report entry and re-exports to the same text', () => {
    const result = importConfig(golden);
    expect(result.report).toEqual([]);
    const again = exportConfig(result.project as NonNullable<typeof result.project>);
    expect(again.ok && again.text).toBe(exported());
  });

  it('writes the proto2 required fields explicitly', () => {
    const text = exported();
    expect(text).toContain('loss_weight_strategy: Fixed');
    expect(text.match(/use_sample_weight: true/g)).toHaveLength(5);
    expect(text.match(/feature_type: /g)).toHaveLength(3);
  });
});
