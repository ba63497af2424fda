import type { Problem } from '../../core/project/validate';

/** One validation problem on one line: severity, code, where, message. */
export function describeProblem(problem: Problem): string {
  const where = [
    problem.taskName !== undefined ? `task ${problem.taskName}` : '',
    problem.featureName !== undefined ? `feature ${problem.featureName}` : '',
    problem.field ?? '',
  ]
    .filter(Boolean)
    .join(', ');
  return `${problem.severity} ${problem.code}${where ? ` (${where})` : ''}: ${problem.message}`;
}
