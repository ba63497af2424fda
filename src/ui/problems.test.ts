import { describe, expect, it } from 'vitest';
import type { Problem } from '../core/project/validate';
import { parseLevelKey, taskLevelKey } from './problems';
import { problemTab } from './shell/ProblemsPanel';

const problem = (taskId: string | undefined, severity: Problem['severity']): Problem => ({
  code: 'LABEL_MISSING',
  severity,
  message: '',
  ...(taskId ? { taskId } : {}),
});

describe('task problem levels', () => {
  it('keeps the worst level per task, ignores project-wide problems, and round-trips', () => {
    const key = taskLevelKey([
      problem('b', 'warning'),
      problem('a', 'warning'),
      problem('a', 'error'),
      problem('b', 'warning'),
      problem(undefined, 'error'),
    ]);
    expect(key).toBe('a:error b:warning');
    expect(parseLevelKey(key)).toEqual(
      new Map([
        ['a', 'error'],
        ['b', 'warning'],
      ]),
    );
  });

  it('gives the same key for the same markers in any order (stable memo input)', () => {
    const one = taskLevelKey([problem('x', 'error'), problem('y', 'warning')]);
    const two = taskLevelKey([problem('y', 'warning'), problem('x', 'error')]);
    expect(one).toBe(two);
    expect(parseLevelKey('')).toEqual(new Map());
  });
});

describe('problemTab', () => {
  it.each([
    [{ field: 'labelName', taskId: 't1' }, 'Inspector'],
    [{ field: 'model.numExpert' }, 'Inspector'],
    [{ field: 'data.batchSize' }, 'Inspector'],
    [{ field: 'data.inputFields' }, 'Data'],
    [{ field: 'features' }, 'Data'],
    [{ field: 'embeddingDim', featureName: 'user_id' }, 'Data'],
  ] as const)('%j opens %s', (where, tab) => {
    expect(problemTab({ ...problem(undefined, 'error'), ...where })).toBe(tab);
  });
});
