/**
 * Pure operations on the task graph. An edge `A → B` means "B depends on A": B lists A in
 * its `relationTowerNames`. The editor, the importer, the exporter and the trainer all use
 * these functions, so a cycle is refused the same way everywhere.
 */
import type { Task } from './types';

export type GraphErrorCode =
  'SELF_EDGE' | 'DUPLICATE_EDGE' | 'CYCLE' | 'UNKNOWN_TASK' | 'DUPLICATE_NAME' | 'INVALID_NAME';

export interface GraphError {
  code: GraphErrorCode;
  message: string;
  /** For CYCLE: the tasks on the cycle, first task repeated at the end. */
  path?: string[];
}

export type GraphResult = { ok: true; tasks: Task[] } | { ok: false; error: GraphError };

/** The names usable as EasyRec variable scopes and output names. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/** Renders a path of task names as `a → b → c`. */
export function formatPath(path: readonly string[]): string {
  return path.join(' → ');
}

function byName(tasks: readonly Task[]): Map<string, Task> {
  return new Map(tasks.map((t) => [t.name, t]));
}

/** Children of each task (tasks that list it as a parent), by name. */
export function childrenOf(tasks: readonly Task[]): Map<string, string[]> {
  const children = new Map<string, string[]>(tasks.map((t) => [t.name, []]));
  for (const task of tasks) {
    for (const parent of task.relationTowerNames) children.get(parent)?.push(task.name);
  }
  return children;
}

/**
 * A path of parent → child edges from `from` to `to`, or null. Follows only relations to
 * existing tasks.
 */
export function findPath(tasks: readonly Task[], from: string, to: string): string[] | null {
  const children = childrenOf(tasks);
  const previous = new Map<string, string>();
  const queue = [from];
  const seen = new Set([from]);
  while (queue.length > 0) {
    const current = queue.shift() as string;
    if (current === to) {
      const path = [to];
      while (path[0] !== from) path.unshift(previous.get(path[0] as string) as string);
      return path;
    }
    for (const next of children.get(current) ?? []) {
      if (seen.has(next)) continue;
      seen.add(next);
      previous.set(next, current);
      queue.push(next);
    }
  }
  return null;
}

/**
 * Checks whether `child` may depend on `parent` (an edge parent → child) without changing
 * anything. Used while an edge is being dragged and again when it is dropped.
 */
export function checkConnection(
  tasks: readonly Task[],
  parent: string,
  child: string,
): GraphError | null {
  const index = byName(tasks);
  const childTask = index.get(child);
  if (!index.has(parent) || !childTask) {
    const missing = index.has(parent) ? child : parent;
    return { code: 'UNKNOWN_TASK', message: `There is no task named "${missing}".` };
  }
  if (parent === child) {
    return {
      code: 'SELF_EDGE',
      message: `A task cannot depend on itself ("${parent}").`,
      path: [parent, parent],
    };
  }
  if (childTask.relationTowerNames.includes(parent)) {
    return {
      code: 'DUPLICATE_EDGE',
      message: `"${child}" already depends on "${parent}".`,
    };
  }
  // The new edge closes a cycle when `parent` is already reachable from `child`.
  const back = findPath(tasks, child, parent);
  if (back) {
    const path = [...back, child];
    return {
      code: 'CYCLE',
      message: `That edge would close a cycle: ${formatPath(path)}. DBMTL needs an acyclic graph.`,
      path,
    };
  }
  return null;
}

/** Adds the edge parent → child (the parent is appended to the child's relations). */
export function connect(tasks: readonly Task[], parent: string, child: string): GraphResult {
  const error = checkConnection(tasks, parent, child);
  if (error) return { ok: false, error };
  return {
    ok: true,
    tasks: tasks.map((t) =>
      t.name === child ? { ...t, relationTowerNames: [...t.relationTowerNames, parent] } : t,
    ),
  };
}

/** Removes the edge parent → child; a no-op when it does not exist. */
export function disconnect(tasks: readonly Task[], parent: string, child: string): Task[] {
  return tasks.map((t) =>
    t.name === child && t.relationTowerNames.includes(parent)
      ? { ...t, relationTowerNames: t.relationTowerNames.filter((p) => p !== parent) }
      : t,
  );
}

/** Renames a task and every relation that names it. */
export function renameTask(tasks: readonly Task[], oldName: string, newName: string): GraphResult {
  if (oldName === newName) return { ok: true, tasks: [...tasks] };
  if (!isIdentifier(newName)) {
    return {
      ok: false,
      error: {
        code: 'INVALID_NAME',
        message: `"${newName}" is not a valid task name: use letters, digits and _, not starting with a digit.`,
      },
    };
  }
  if (tasks.some((t) => t.name === newName)) {
    return {
      ok: false,
      error: { code: 'DUPLICATE_NAME', message: `A task named "${newName}" already exists.` },
    };
  }
  if (!tasks.some((t) => t.name === oldName)) {
    return {
      ok: false,
      error: { code: 'UNKNOWN_TASK', message: `There is no task named "${oldName}".` },
    };
  }
  return {
    ok: true,
    tasks: tasks.map((t) => ({
      ...t,
      name: t.name === oldName ? newName : t.name,
      relationTowerNames: t.relationTowerNames.map((p) => (p === oldName ? newName : p)),
    })),
  };
}

/** Removes a task and every relation to it. */
export function removeTask(tasks: readonly Task[], name: string): Task[] {
  return tasks
    .filter((t) => t.name !== name)
    .map((t) =>
      t.relationTowerNames.includes(name)
        ? { ...t, relationTowerNames: t.relationTowerNames.filter((p) => p !== name) }
        : t,
    );
}

/** Every cycle-free check passed: a topological order. Otherwise the first cycle found. */
export type OrderResult = { ok: true; order: Task[] } | { ok: false; cycle: string[] };

/**
 * Orders tasks so that every parent comes before its children (Kahn's algorithm). Ties keep
 * the tasks' current order, so an already valid order is left unchanged. Relations to
 * unknown tasks are ignored here; validation reports them.
 */
export function topologicalOrder(tasks: readonly Task[]): OrderResult {
  const index = byName(tasks);
  const indegree = new Map<string, number>();
  for (const task of tasks) {
    const known = new Set(task.relationTowerNames.filter((p) => index.has(p) && p !== task.name));
    indegree.set(task.name, known.size + (task.relationTowerNames.includes(task.name) ? 1 : 0));
  }
  const children = childrenOf(tasks);
  const order: Task[] = [];
  const done = new Set<string>();
  while (order.length < tasks.length) {
    const next = tasks.find((t) => !done.has(t.name) && indegree.get(t.name) === 0);
    if (!next) break;
    order.push(next);
    done.add(next.name);
    for (const child of new Set(children.get(next.name) ?? [])) {
      if (child !== next.name) indegree.set(child, (indegree.get(child) ?? 0) - 1);
    }
  }
  if (order.length === tasks.length) return { ok: true, order };
  return { ok: false, cycle: findCycle(tasks) ?? [] };
}

/** The first cycle among the tasks as a closed path (`a → b → a`), or null. */
export function findCycle(tasks: readonly Task[]): string[] | null {
  const index = byName(tasks);
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const children = childrenOf(tasks);

  // Depth-first over parent → child edges; a child still open closes a cycle.
  const visit = (name: string): string[] | null => {
    state.set(name, 'open');
    stack.push(name);
    for (const child of children.get(name) ?? []) {
      if (!index.has(child)) continue;
      if (state.get(child) === 'open') return [...stack.slice(stack.indexOf(child)), child];
      if (!state.has(child)) {
        const found = visit(child);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(name, 'done');
    return null;
  };

  for (const task of tasks) {
    if (state.has(task.name)) continue;
    const found = visit(task.name);
    if (found) return found;
  }
  return null;
}

/** A name not used by any task: `base`, `base_2`, `base_3`, … */
export function uniqueTaskName(tasks: readonly Task[], base = 'task'): string {
  const names = new Set(tasks.map((t) => t.name));
  if (!names.has(base)) return base;
  for (let i = 2; ; i++) if (!names.has(`${base}_${i}`)) return `${base}_${i}`;
}
