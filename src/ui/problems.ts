/**
 * Validation results for the current project, computed once per project version and shared
 * by the canvas markers, the problems tab and its badge.
 */
import { validateProject, type Problem } from '../core/project/validate';
import type { Project } from '../core/project/types';
import { useProjectStore } from '../store/projectStore';

const cache = new WeakMap<Project, Problem[]>();

export function problemsOf(project: Project): Problem[] {
  let problems = cache.get(project);
  if (!problems) {
    problems = validateProject(project);
    cache.set(project, problems);
  }
  return problems;
}

export function useProblems(): Problem[] {
  return problemsOf(useProjectStore((s) => s.project));
}

/** Ids of tasks with at least one error, as a sorted key so memoised consumers stay stable. */
export function erroredTaskKey(problems: readonly Problem[]): string {
  const ids = new Set<string>();
  for (const p of problems) if (p.severity === 'error' && p.taskId) ids.add(p.taskId);
  return [...ids].sort().join(' ');
}
