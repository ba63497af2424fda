/**
 * The bad-input corpus of issue #8 (`e2e/bad-input/cases.ts`) run against the readers the app
 * calls, without a browser: CSV files through the reader and the data store's refusal rule,
 * labels through the label checks, configs through the importer and validation, project files
 * through restore, names through renameTask. The e2e run (`e2e/bad-input.spec.ts`) feeds the
 * same cases through the UI; here each verdict is checked where it is made.
 */
import { describe, expect, it } from 'vitest';
import { describeIssue } from '../core/data/issues';
import { readDelimited } from '../core/data/read';
import { checkLabels } from '../core/data/sanity';
import { inferSchema } from '../core/data/schema';
import { importConfig } from '../core/easyrec';
import { renameTask } from '../core/project/graph';
import { liveStreamingPreset } from '../core/project/presets';
import { parseProjectFile } from '../core/project/restore';
import { hasErrors, trainingBlockers, validateProject } from '../core/project/validate';
import { CASES, casesOf, type Case } from '../../e2e/bad-input/cases';
import { labelInfoOf, refusal } from './dataStore';

const read = (c: Case) => readDelimited(new Blob([new Uint8Array(c.input())]));

describe('the bad-input corpus', () => {
  it('has at least 40 cases, with unique ids, covering every kind', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(new Set(CASES.map((c) => c.id)).size).toBe(CASES.length);
    for (const kind of ['csv', 'label', 'config', 'project', 'name'] as const)
      expect(casesOf(kind).length).toBeGreaterThan(0);
  });
});

describe('CSV files', () => {
  it.each(casesOf('csv').map((c) => [c.id, c] as const))('%s', async (_, c) => {
    let result;
    try {
      result = await read(c);
    } catch (error) {
      // A read that fails (a corrupt gzip body) is shown by the store as "Could not read".
      expect(c.outcome).toBe('refused');
      expect(`Could not read ${c.file}: ${(error as Error).message}`).toMatch(c.message);
      return;
    }
    const why = refusal(result);
    if (c.outcome === 'refused') {
      expect(why).not.toBeNull();
      expect(`Could not read ${c.file}: ${why}`).toMatch(c.message);
      return;
    }
    expect(why).toBeNull();
    expect(result.table.numRows).toBe(c.rows);
    if (c.code) {
      expect(result.issues.map((i) => i.code)).toContain(c.code);
      // The Data tab lists the issues one under another.
      expect(result.issues.map(describeIssue).join('\n')).toMatch(c.message);
    }
  });
});

describe('labels', () => {
  it.each(casesOf('label').map((c) => [c.id, c] as const))('%s', async (_, c) => {
    const project = liveStreamingPreset();
    const result = await read(c);
    expect(refusal(result)).toBeNull();
    expect(result.table.numRows).toBe(c.rows);
    const schema = inferSchema(result.table, { labelNames: project.tasks.map((t) => t.labelName) });
    const { findings } = checkLabels(project, result.table, labelInfoOf(schema));
    // The Data tab shows a finding as its message and its first lines.
    const shown = findings.map(
      (f) => `${f.message} (lines ${'firstLines' in f ? (f.firstLines ?? []).join(', ') : ''}`,
    );
    expect(findings.map((f) => f.code)).toContain(c.code);
    expect(shown.some((s) => c.message.test(s))).toBe(true);
  });
});

describe('pipeline.config files', () => {
  it.each(casesOf('config').map((c) => [c.id, c] as const))('%s', (_, c) => {
    const result = importConfig(c.input().toString('utf8'), { name: c.file });
    if (c.outcome === 'refused') {
      expect(result.project).toBeNull();
      expect(result.refusal).toMatch(c.message);
      if (c.code) expect(result.report.map((e) => e.code)).toContain(c.code);
      return;
    }
    expect(result.refusal).toBeNull();
    const problems = validateProject(result.project!);
    // Opened: the file's report or the project's validation names the problem, and export
    // is blocked by an error.
    const said = [
      ...result.report.map((e) => `${e.line}:${e.column} ${e.message}`),
      ...problems.map((p) => p.message),
    ];
    expect(said.some((s) => c.message.test(s))).toBe(true);
    expect([...result.report.map((e) => e.code), ...problems.map((p) => p.code)]).toContain(c.code);
    if (c.outcome === 'warned') {
      // Exports (no error), but training here is refused.
      expect(hasErrors(problems)).toBe(false);
      expect(trainingBlockers(problems).map((p) => p.code)).toContain(c.code);
    } else expect(problems.some((p) => p.severity === 'error')).toBe(true);
  });
});

describe('project files', () => {
  it.each(casesOf('project').map((c) => [c.id, c] as const))('%s', (_, c) => {
    const result = parseProjectFile(c.input().toString('utf8'), c.file);
    if (c.outcome === 'refused') {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(`${result.message} The project was not changed.`).toMatch(c.message);
      return;
    }
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const problems = validateProject(result.project);
    expect(problems.map((p) => p.code)).toContain(c.code);
    expect(problems.some((p) => c.message.test(p.message))).toBe(true);
  });
});

describe('task names', () => {
  it.each(casesOf('name').map((c) => [c.id, c] as const))('%s', (_, c) => {
    const result = renameTask(liveStreamingPreset().tasks, 'is_click', c.input().toString('utf8'));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.message).toMatch(c.message);
    if (c.code) expect(result.error.code).toBe(c.code);
  });
});
