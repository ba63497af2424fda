import { describe, expect, it } from 'vitest';
import { makeTask } from './defaults';
import {
  checkConnection,
  connect,
  findCycle,
  removeTask,
  renameTask,
  topologicalOrder,
} from './graph';
import type { Task } from './types';

/** Builds tasks from `child: [parents]` pairs, in the order given. */
function graph(spec: Record<string, string[]>): Task[] {
  return Object.entries(spec).map(([name, parents]) =>
    makeTask(name, { relationTowerNames: parents }),
  );
}

function relations(tasks: Task[]): Record<string, string[]> {
  return Object.fromEntries(tasks.map((t) => [t.name, t.relationTowerNames]));
}

describe('connect', () => {
  it('refuses a self-edge (cycle of length 1) and names the task', () => {
    const error = checkConnection(graph({ a: [] }), 'a', 'a');
    expect(error?.code).toBe('SELF_EDGE');
    expect(error?.path).toEqual(['a', 'a']);
    expect(error?.message).toContain('"a"');
  });

  it('refuses a cycle of length 2 with the path named', () => {
    const tasks = graph({ is_view: [], view_costtime: ['is_view'] });
    const result = connect(tasks, 'view_costtime', 'is_view');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('CYCLE');
    expect(result.error.path).toEqual(['is_view', 'view_costtime', 'is_view']);
    expect(result.error.message).toContain('is_view → view_costtime → is_view');
  });

  it('refuses a cycle of length 3 with the path named', () => {
    const tasks = graph({ a: [], b: ['a'], c: ['b'] });
    const error = checkConnection(tasks, 'c', 'a');
    expect(error?.code).toBe('CYCLE');
    expect(error?.path).toEqual(['a', 'b', 'c', 'a']);
    expect(error?.message).toContain('a → b → c → a');
  });

  it('refuses a duplicate edge', () => {
    const error = checkConnection(graph({ a: [], b: ['a'] }), 'a', 'b');
    expect(error?.code).toBe('DUPLICATE_EDGE');
  });

  it('refuses an edge to a task that does not exist', () => {
    expect(checkConnection(graph({ a: [] }), 'a', 'zzz')?.code).toBe('UNKNOWN_TASK');
  });

  it('appends the parent to the child relations, keeping their order', () => {
    const result = connect(graph({ a: [], b: [], c: ['b'] }), 'a', 'c');
    expect(result.ok && relations(result.tasks).c).toEqual(['b', 'a']);
  });
});

describe('topologicalOrder', () => {
  it('accepts a diamond and puts every parent before its children', () => {
    // Written children-first on purpose, so the order has to change.
    const tasks = graph({ d: ['b', 'c'], c: ['a'], b: ['a'], a: [] });
    const result = topologicalOrder(tasks);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const position = new Map(result.order.map((t, i) => [t.name, i]));
    for (const task of result.order) {
      for (const parent of task.relationTowerNames) {
        expect(position.get(parent)).toBeLessThan(position.get(task.name) as number);
      }
    }
    expect(result.order.map((t) => t.name)).toEqual(['a', 'c', 'b', 'd']);
  });

  it('keeps an order that is already valid', () => {
    const tasks = graph({ a: [], b: ['a'], c: ['a'], d: ['b', 'c'] });
    const result = topologicalOrder(tasks);
    expect(result.ok && result.order.map((t) => t.name)).toEqual(['a', 'b', 'c', 'd']);
  });

  it('reports the cycle of a cyclic graph', () => {
    const result = topologicalOrder(graph({ a: ['c'], b: ['a'], c: ['b'] }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.cycle).toHaveLength(4);
    expect(result.cycle[0]).toBe(result.cycle[3]);
  });
});

describe('findCycle', () => {
  it('finds none in a tree and one in a loop', () => {
    expect(findCycle(graph({ a: [], b: ['a'], c: ['a'] }))).toBeNull();
    expect(findCycle(graph({ a: ['b'], b: ['a'] }))).toEqual(['a', 'b', 'a']);
  });
});

describe('rename and remove', () => {
  it('renames a task in every relation', () => {
    const tasks = graph({ click: [], view: ['click'], time: ['click', 'view'] });
    const result = renameTask(tasks, 'click', 'is_click');
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(relations(result.tasks)).toEqual({
      is_click: [],
      view: ['is_click'],
      time: ['is_click', 'view'],
    });
  });

  it('refuses a rename to an existing name or a non-identifier', () => {
    const tasks = graph({ a: [], b: [] });
    const dup = renameTask(tasks, 'a', 'b');
    expect(!dup.ok && dup.error.code).toBe('DUPLICATE_NAME');
    const bad = renameTask(tasks, 'a', '1x');
    expect(!bad.ok && bad.error.code).toBe('INVALID_NAME');
  });

  it('removes a task and every relation to it', () => {
    const tasks = graph({ a: [], b: ['a'], c: ['a', 'b'] });
    expect(relations(removeTask(tasks, 'a'))).toEqual({ b: [], c: ['b'] });
  });
});
