/**
 * The import rule for errors (see the comment at the top of import.ts): which errors open a
 * project, and that such a project can never export something other than what was written.
 * Configs are the live-streaming export with one edit each, so every position below is found
 * in the edited text itself (`at`), not typed in by hand.
 */
import { describe, expect, it } from 'vitest';
import { liveStreamingPreset } from '../project/presets';
import type { Project } from '../project/types';
import { validateProject } from '../project/validate';
import { exportConfig } from './export';
import { importConfig, OPENS_WITH_ERRORS } from './import';
import { formatEntry, type ReportEntry } from './report';

const LIVE = (() => {
  const result = exportConfig(liveStreamingPreset());
  if (!result.ok) throw new Error('the preset must export');
  return result.text;
})();

/** The live config with `from` replaced by `to` (which must occur exactly once). */
function edited(from: string, to: string): string {
  expect(LIVE.split(from)).toHaveLength(2);
  return LIVE.replace(from, to);
}

/** `line:column` of the `n`-th occurrence (0-based) of `needle` in `text`, 1-based. */
function at(text: string, needle: string, n = 0): string {
  let offset = -1;
  for (let i = 0; i <= n; i++) offset = text.indexOf(needle, offset + 1);
  expect(offset).toBeGreaterThanOrEqual(0);
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${(before[before.length - 1] as string).length + 1}`;
}

function opened(text: string): { project: Project; report: ReportEntry[] } {
  const result = importConfig(text);
  if (!result.project) throw new Error(`refused: ${result.refusal}`);
  expect(result.refusal).toBeNull();
  return { project: result.project, report: result.report };
}

const where = (e: ReportEntry) => `${e.line}:${e.column}`;

// The is_on_mic tower: the fourth tower_name, and the relation of on_mic_duration to it.
const ON_MIC_TOWER = 'tower_name: "is_on_mic"';
const VIEW_TOWER = '      tower_name: "is_view"\n';

describe('errors with which a project opens: the project carries them, or a re-export fixes them', () => {
  /** Each case: the edit, the import code, and the validation code that blocks export (or null
   * when a re-export repairs it without changing meaning). */
  const cases: [string, string, string, ReportEntry['code'], string | null][] = [
    [
      'a relation to a tower that does not exist',
      'relation_tower_names: "is_on_mic"',
      'relation_tower_names: "is_on_mike"',
      'RELATION_UNKNOWN',
      'RELATION_UNKNOWN',
    ],
    [
      'a tower that depends on itself',
      'relation_tower_names: "is_on_mic"',
      'relation_tower_names: "on_mic_duration"',
      'RELATION_CYCLE',
      'RELATION_SELF',
    ],
    [
      'a tower name that is not an identifier',
      ON_MIC_TOWER,
      'tower_name: "is on\\nmic"',
      'NAME_NOT_IDENTIFIER',
      'NAME_NOT_IDENTIFIER',
    ],
    [
      'two towers with one name',
      ON_MIC_TOWER,
      'tower_name: "is_view"',
      'NAME_DUPLICATE',
      'NAME_DUPLICATE',
    ],
    [
      'a relation to a later tower',
      VIEW_TOWER,
      `${VIEW_TOWER}      relation_tower_names: "is_on_mic"\n`,
      'RELATION_LATER',
      null,
    ],
  ];

  it.each(cases)('%s', (_name, from, to, code, blocking) => {
    const text = edited(from, to);
    const { project, report } = opened(text);
    const entry = report.find((e) => e.code === code);
    expect(entry?.severity).toBe('error');
    expect(OPENS_WITH_ERRORS.has(code)).toBe(true);
    const problems = validateProject(project).filter((p) => p.severity === 'error');
    const exported = exportConfig(project);
    if (blocking) {
      expect(problems.map((p) => p.code)).toContain(blocking);
      expect(exported.ok).toBe(false);
    } else {
      // Repaired by the re-export, and the entry says so; the relation itself is kept.
      expect(entry?.message).toMatch(/re-export writes the towers in dependency order/);
      expect(project.tasks[1]?.relationTowerNames).toEqual(['is_on_mic', 'is_click']);
      const text = exported.ok ? exported.text : '';
      expect(text.indexOf('tower_name: "is_on_mic"')).toBeLessThan(
        text.indexOf('tower_name: "is_view"'),
      );
    }
  });

  it('every code that opens a project is one that the cases above (or import.test.ts) exercise', () => {
    // LABEL_MISSING, NAME_EMPTY and GROUP_ALL_MISSING are exercised in import.test.ts.
    const here = new Set(cases.map((c) => c[3]));
    const elsewhere = ['LABEL_MISSING', 'NAME_EMPTY', 'GROUP_ALL_MISSING', 'RELATION_CYCLE'];
    expect([...OPENS_WITH_ERRORS].filter((c) => !here.has(c) && !elsewhere.includes(c))).toEqual(
      [],
    );
  });
});

describe('tower names the app cannot use (finding: "everything was imported" yet export blocked)', () => {
  it.each([
    ['quotes, a backslash and a newline', 'a\\"b\\\\c\\nd', 'a"b\\c\nd'],
    ['markup', '<b>markup</b><img src=x>', '<b>markup</b><img src=x>'],
  ])(
    '%s: an error at the tower_name, with the name JSON-quoted and what to do',
    (_n, raw, name) => {
      const text = edited(ON_MIC_TOWER, `tower_name: "${raw}"`);
      const { project, report } = opened(text);
      const entry = report.find((e) => e.code === 'NAME_NOT_IDENTIFIER');
      expect(entry && where(entry)).toBe(at(text, `tower_name: "${raw}"`));
      expect(entry?.path).toBe('model_config.dbmtl.task_towers[3].tower_name');
      expect(entry?.message).toContain(`tower name ${JSON.stringify(name)} is not usable`);
      expect(entry?.message).toContain('Rename the task in the graph');
      // The name is kept as written, so validation blocks export until it is renamed.
      expect(project.tasks[3]?.name).toBe(name);
      // One entry, one line: the newline in the name is shown as an escape.
      expect(formatEntry(entry as ReportEntry).split('\n')).toHaveLength(1);
    },
  );
});

describe('each element of a repeated field is reported at its own place', () => {
  it('five label fields read by no tower: five warnings on five lines', () => {
    // No tower reads any label: each tower names a label that is not among label_fields.
    let text = LIVE;
    for (const label of ['is_click', 'is_view', 'view_costtime', 'is_on_mic', 'on_mic_duration'])
      text = text.replace(`label_name: "${label}"`, `label_name: "${label}_x"`);
    const { report } = opened(text);
    const unread = report.filter((e) => e.message.includes('is read by no tower'));
    expect(unread.map((e) => [where(e), e.path])).toEqual(
      ['is_click', 'is_view', 'view_costtime', 'is_on_mic', 'on_mic_duration'].map((label, i) => [
        at(text, `label_fields: "${label}"`),
        `data_config.label_fields[${i}]`,
      ]),
    );
  });

  it('the list form puts each element at its own column', () => {
    const text = edited(
      '  label_fields: "is_click"\n',
      '  label_fields: ["is_click", "spare_a", "spare_b"]\n',
    );
    const { report } = opened(text);
    const unread = report.filter((e) => e.message.includes('is read by no tower'));
    expect(unread.map(where)).toEqual([at(text, '"spare_a"'), at(text, '"spare_b"')]);
  });
});

describe('RELATION_LATER says what a re-export does only when it is true', () => {
  it('with a cycle: no promise of a dependency order; an edge of the cycle is not repeated', () => {
    // is_click → is_view → is_click closes a cycle through a later tower; is_view → is_on_mic
    // is a later edge beside it.
    let text = edited(
      `      tower_name: "is_click"\n`,
      `      tower_name: "is_click"\n      relation_tower_names: "is_view"\n`,
    );
    text = text.replace(VIEW_TOWER, `${VIEW_TOWER}      relation_tower_names: "is_on_mic"\n`);
    const { report } = opened(text);
    const later = report.filter((e) => e.code === 'RELATION_LATER');
    expect(later.map((e) => e.path)).toEqual([
      'model_config.dbmtl.task_towers[1].relation_tower_names[0]',
    ]);
    expect(later[0]?.message).toContain('no dependency order while they form a cycle');
    expect(later[0]?.message).not.toContain('which fixes this');
    expect(report.filter((e) => e.code === 'RELATION_CYCLE')).toHaveLength(1);
  });
});
