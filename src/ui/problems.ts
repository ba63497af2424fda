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

export type ProblemLevel = Problem['severity'];

/**
 * The worst problem level of each task, as a sorted `id:level` string: a primitive, so the
 * canvas's memoised nodes are rebuilt only when a task's marker actually changes.
 */
export function taskLevelKey(problems: readonly Problem[]): string {
  const levels = new Map<string, ProblemLevel>();
  for (const p of problems) {
    if (!p.taskId || levels.get(p.taskId) === 'error') continue;
    levels.set(p.taskId, p.severity);
  }
  return [...levels]
    .map(([id, level]) => `${id}:${level}`)
    .sort()
    .join(' ');
}

export function parseLevelKey(key: string): Map<string, ProblemLevel> {
  const levels = new Map<string, ProblemLevel>();
  for (const part of key.split(' ')) {
    const [id, level] = part.split(':');
    if (id && (level === 'error' || level === 'warning')) levels.set(id, level);
  }
  return levels;
}
