import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PRESET_NAMES, preset } from '../project/presets';
import { validateProject } from '../project/validate';
import type { Project } from '../project/types';
import { exportConfig } from './export';
import { importConfig } from './import';
import { projectArb } from './arbitrary';

function exportText(project: Project): string {
  const result = exportConfig(project);
  if (!result.ok) throw new Error(`export refused: ${JSON.stringify(result.problems)}`);
  return result.text;
}

/** export → import → export, asserting the import had nothing to report. */
function roundTrip(project: Project): { first: string; second: string; imported: Project } {
  const first = exportText(project);
  const { project: imported, report } = importConfig(first);
  expect(report).toEqual([]);
  if (!imported) throw new Error('import failed');
  return { first, second: exportText(imported), imported };
}

describe('round trip export → import → export', () => {
  it.each(PRESET_NAMES)('preset %s gives identical text', (name) => {
    const { first, second } = roundTrip(preset(name));
    expect(second).toBe(first);
  });

  it.each(PRESET_NAMES)('preset %s keeps the tasks and their relations', (name) => {
    const original = preset(name);
    const { imported } = roundTrip(original);
    const strip = (p: Project) =>
      p.tasks
        .map(({ id: _id, position: _position, ...rest }) => rest)
        .sort((a, b) => a.name.localeCompare(b.name));
    expect(strip(imported)).toEqual(strip(original));
    expect(imported.data).toEqual(original.data);
    expect(imported.model).toEqual(original.model);
    expect(imported.features).toEqual(original.features);
    expect(imported.tasks.every((t) => t.position.x === 0 && t.position.y === 0)).toBe(true);
  });

  it('gives identical text for random valid projects (seeded property)', () => {
    fc.assert(
      fc.property(projectArb, (project) => {
        const errors = validateProject(project).filter((p) => p.severity === 'error');
        expect(errors).toEqual([]);
        const { first, second } = roundTrip(project);
        expect(second).toBe(first);
      }),
      { seed: 20261203, numRuns: 300 },
    );
  });
});
