import { describe, expect, it } from 'vitest';
import { makeTask, mlp } from './defaults';
import {
  BLOCK_NODE_SIZE,
  BUS_HEIGHT,
  ISOLATED_PER_ROW,
  isLaidOut,
  layoutGraph,
  layoutTasks,
  needsLayout,
  routeKey,
  placeBlocks,
  placeBus,
  TASK_NODE_SIZE,
  withLayoutIfNeeded,
} from './layout';
import { independentPreset, liveStreamingPreset } from './presets';
import type { Task } from './types';

function graph(spec: Record<string, string[]>): Task[] {
  return Object.entries(spec).map(([name, parents]) =>
    makeTask(name, { relationTowerNames: parents }),
  );
}

function overlaps(a: { x: number; y: number }, b: { x: number; y: number }): boolean {
  return Math.abs(a.x - b.x) < TASK_NODE_SIZE.width && Math.abs(a.y - b.y) < TASK_NODE_SIZE.height;
}

describe('layoutTasks', () => {
  it('places every parent above each of its children (live-streaming preset)', () => {
    const { tasks } = liveStreamingPreset();
    const positions = layoutTasks(tasks);
    for (const task of tasks) {
      for (const parent of task.relationTowerNames) {
        const parentId = tasks.find((t) => t.name === parent)?.id as string;
        // A parent's bottom edge is above the child's top edge: a whole rank apart.
        expect(positions[parentId]!.y + TASK_NODE_SIZE.height).toBeLessThan(positions[task.id]!.y);
      }
    }
  });

  it('gives a diamond three ranks and no overlapping nodes', () => {
    const tasks = graph({ a: [], b: ['a'], c: ['a'], d: ['b', 'c'] });
    const p = layoutTasks(tasks);
    const [a, b, c, d] = tasks.map((t) => p[t.id]!);
    expect(b!.y).toBe(c!.y);
    expect(a!.y).toBeLessThan(b!.y);
    expect(d!.y).toBeGreaterThan(b!.y);
    expect(overlaps(b!, c!)).toBe(false);
  });

  it(`lays tasks without relations in rows of ${ISOLATED_PER_ROW} (independent preset: 3 + 2)`, () => {
    const { tasks } = independentPreset();
    const p = layoutTasks(tasks);
    const rows = new Map<number, number[]>();
    for (const t of tasks) rows.set(p[t.id]!.y, [...(rows.get(p[t.id]!.y) ?? []), p[t.id]!.x]);
    expect([...rows.values()].map((xs) => xs.length)).toEqual([3, 2]);
    // Three nodes and two 40 px gaps: the widest row, about a third narrower than five.
    const xs = tasks.map((t) => p[t.id]!.x);
    expect(Math.max(...xs) + TASK_NODE_SIZE.width - Math.min(...xs)).toBe(
      3 * TASK_NODE_SIZE.width + 2 * 40,
    );
    for (const a of tasks)
      for (const b of tasks) if (a !== b) expect(overlaps(p[a.id]!, p[b.id]!)).toBe(false);
  });

  it('puts tasks without relations beside the graph of related ones, from its top rank', () => {
    const tasks = graph({ a: [], b: ['a'], lone: [], other: [] });
    const p = layoutTasks(tasks);
    const [a, b, lone, other] = tasks.map((t) => p[t.id]!);
    expect(a!.y).toBeLessThan(b!.y);
    expect(lone!.y).toBe(a!.y);
    expect(lone!.x).toBeGreaterThanOrEqual(Math.max(a!.x, b!.x) + TASK_NODE_SIZE.width);
    expect(other!.x).toBeGreaterThan(lone!.x);
  });

  it('ignores self-edges and unknown parents instead of failing', () => {
    const tasks = graph({ a: ['a', 'ghost'], b: ['a'] });
    const p = layoutTasks(tasks);
    expect(p[tasks[0]!.id]!.y).toBeLessThan(p[tasks[1]!.id]!.y);
  });
});

describe('needsLayout', () => {
  it.each([
    ['all at the origin', [0, 0, 0, 0], true],
    ['two on one spot', [0, 0, 300, 0, 0, 0], true],
    ['distinct positions', [0, 0, 300, 0], false],
    ['a single task', [0, 0], false],
  ])('%s → %s', (_name, coords, expected) => {
    const tasks = [];
    for (let i = 0; i < coords.length; i += 2)
      tasks.push(makeTask(`t${i}`, { position: { x: coords[i]!, y: coords[i + 1]! } }));
    expect(needsLayout(tasks)).toBe(expected);
  });

  it('keeps a project whose positions are usable unchanged (manual positions survive)', () => {
    const project = withLayoutIfNeeded(liveStreamingPreset());
    expect(withLayoutIfNeeded(project)).toBe(project);
  });
});

describe('placeBlocks', () => {
  it('stacks input, bottom and experts above the topmost task in forward order', () => {
    const tasks = [makeTask('a', { position: { x: 0, y: 100 } })];
    const blocks = placeBlocks(tasks, {
      model: { ...liveStreamingPreset().model, expertDnn: mlp([64]), numExpert: 4 },
    });
    expect(blocks.map((b) => b.kind)).toEqual(['input', 'bottom', 'experts']);
    const ys = blocks.map((b) => b.position.y);
    expect([...ys].sort((x, y) => x - y)).toEqual(ys);
    expect(ys[2]!).toBeLessThan(100);
  });

  it('leaves out the bottom block when there is no bottom MLP', () => {
    const model = { ...liveStreamingPreset().model, bottomDnn: null };
    expect(placeBlocks([], { model }).map((b) => b.kind)).toEqual(['input']);
  });
});

describe('placeBus', () => {
  it('spans the tasks, in the gap between the last block and the topmost task', () => {
    const project = withLayoutIfNeeded(liveStreamingPreset());
    const bus = placeBus(project.tasks);
    const xs = project.tasks.map((t) => t.position.x);
    expect(bus.position.x).toBe(Math.min(...xs));
    expect(bus.width).toBe(Math.max(...xs) + TASK_NODE_SIZE.width - Math.min(...xs));
    const top = Math.min(...project.tasks.map((t) => t.position.y));
    const last = placeBlocks(project.tasks, project).at(-1)!;
    expect(bus.position.y).toBeGreaterThan(last.position.y + BLOCK_NODE_SIZE.height);
    expect(bus.position.y + BUS_HEIGHT).toBeLessThan(top);
  });
});

describe('layoutGraph routes', () => {
  it('routes an edge that skips a rank beside the middle rank, not through its nodes', () => {
    // is_click → view_costtime skips the rank of is_view and is_on_mic.
    const { tasks } = liveStreamingPreset();
    const { positions, routes } = layoutGraph(tasks);
    const id = (name: string) => tasks.find((t) => t.name === name)!.id;
    const route = routes[routeKey(id('is_click'), id('view_costtime'))]!;
    expect(route.length).toBeGreaterThan(0);
    const middle = ['is_view', 'is_on_mic'].map((n) => positions[id(n)]!);
    const inMiddleRank = route.filter((p) => p.y >= middle[0]!.y && p.y <= middle[0]!.y + 84);
    expect(inMiddleRank.length).toBeGreaterThan(0);
    for (const p of inMiddleRank) {
      for (const box of middle)
        expect(p.x < box.x || p.x > box.x + TASK_NODE_SIZE.width).toBe(true);
    }
  });

  it('knows when the tasks stand exactly where the layout puts them', () => {
    const project = withLayoutIfNeeded(liveStreamingPreset());
    const { positions } = layoutGraph(project.tasks);
    expect(isLaidOut(project.tasks, positions)).toBe(true);
    const moved = project.tasks.map((t, i) =>
      i === 0 ? { ...t, position: { x: t.position.x + 1, y: t.position.y } } : t,
    );
    expect(isLaidOut(moved, positions)).toBe(false);
  });
});
