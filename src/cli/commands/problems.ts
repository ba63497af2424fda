import { oneLine } from '../../core/easyrec';
import type { Problem } from '../../core/project/validate';

/** One validation problem on one line (control characters escaped): severity, code, where, message. */
export function describeProblem(problem: Problem): string {
  const where = [
    problem.taskName !== undefined ? `task ${JSON.stringify(problem.taskName)}` : '',
    problem.featureName !== undefined ? `feature ${JSON.stringify(problem.featureName)}` : '',
    problem.field ?? '',
  ]
    .filter(Boolean)
    .join(', ');
  return oneLine(
    `${problem.severity} ${problem.code}${where ? ` (${where})` : ''}: ${problem.message}`,
  );
}
