/**
 * Automatic layout of the task graph, top to bottom, with dagre. Pure: it reads a project and
 * returns positions; the editor commits them as one `moveTasks` change. Nodes have a known
 * size (the canvas draws task nodes at exactly this size), so the layout never overlaps.
 */
import dagre from '@dagrejs/dagre';
import type { Project, Task } from './types';

/** Size of a task node on the canvas, in canvas pixels. */
export const TASK_NODE_SIZE = { width: 240, height: 84 } as const;
/** Size of a fixed network block (input, bottom MLP, experts). */
export const BLOCK_NODE_SIZE = { width: 240, height: 44 } as const;
/** Vertical distance between ranks and horizontal distance between neighbours. */
const RANK_SEP = 64;
const NODE_SEP = 40;
const BLOCK_GAP = 36;

export type Positions = Record<string, { x: number; y: number }>;

type Point = { x: number; y: number };

export interface GraphLayout {
  /** Top-left corners, keyed by task id, with parents above their children. */
  positions: Positions;
  /**
   * Where each relation edge passes between its ends, keyed `parentId>childId`: the points
   * dagre reserved for it in the ranks it crosses, so an edge that skips a rank runs in the
   * gap dagre left for it instead of through a node.
   */
  routes: Record<string, Point[]>;
}

export function routeKey(parentId: string, childId: string): string {
  return `${parentId}>${childId}`;
}

export function layoutGraph(tasks: readonly Task[]): GraphLayout {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', ranksep: RANK_SEP, nodesep: NODE_SEP, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  const ids = new Map(tasks.map((t) => [t.name, t.id]));
  for (const task of tasks) graph.setNode(task.id, { ...TASK_NODE_SIZE });
  for (const task of tasks) {
    for (const parent of task.relationTowerNames) {
      const parentId = ids.get(parent);
      // Self-edges and unknown parents are validation problems, not layout input.
      if (parentId !== undefined && parentId !== task.id) graph.setEdge(parentId, task.id);
    }
  }
  dagre.layout(graph);

  const positions: Positions = {};
  for (const task of tasks) {
    const node = graph.node(task.id);
    // dagre gives centres; the canvas places nodes by their top-left corner.
    positions[task.id] = {
      x: Math.round(node.x - TASK_NODE_SIZE.width / 2),
      y: Math.round(node.y - TASK_NODE_SIZE.height / 2),
    };
  }
  const routes: Record<string, Point[]> = {};
  for (const edge of graph.edges()) {
    // The first and last points are where the edge meets the node boxes; the canvas draws
    // those ends at the handles itself.
    const points = graph.edge(edge)?.points ?? [];
    routes[routeKey(edge.v, edge.w)] = points
      .slice(1, -1)
      .map((p: Point) => ({ x: Math.round(p.x), y: Math.round(p.y) }));
  }
  return { positions, routes };
}

/** Positions (top-left corners, keyed by task id) with parents above their children. */
export function layoutTasks(tasks: readonly Task[]): Positions {
  return layoutGraph(tasks).positions;
}

/** Whether every task stands where `positions` puts it (the graph is as laid out). */
export function isLaidOut(tasks: readonly Task[], positions: Positions): boolean {
  return tasks.every((t) => {
    const p = positions[t.id];
    return p !== undefined && p.x === t.position.x && p.y === t.position.y;
  });
}

/**
 * Whether the tasks have no usable positions: two tasks on the same spot (presets and
 * imported configs place every task at the origin). Manual positions are kept otherwise.
 */
export function needsLayout(tasks: readonly Task[]): boolean {
  const seen = new Set<string>();
  for (const task of tasks) {
    const key = `${task.position.x},${task.position.y}`;
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

/** The project with laid-out tasks, or the same project when its positions are usable. */
export function withLayoutIfNeeded(project: Project): Project {
  if (!needsLayout(project.tasks)) return project;
  const positions = layoutTasks(project.tasks);
  return {
    ...project,
    tasks: project.tasks.map((t) => ({ ...t, position: positions[t.id] ?? t.position })),
  };
}

export type BlockKind = 'input' | 'bottom' | 'experts';

export interface BlockPlacement {
  kind: BlockKind;
  position: { x: number; y: number };
}

/**
 * Where the fixed network blocks go: stacked above the topmost task, centred over the
 * tasks, in forward-pass order (input, bottom MLP, experts). A missing bottom or expert MLP
 * has no block.
 */
export function placeBlocks(
  tasks: readonly Pick<Task, 'position'>[],
  project: Pick<Project, 'model'>,
): BlockPlacement[] {
  const kinds: BlockKind[] = ['input'];
  if (project.model.bottomDnn) kinds.push('bottom');
  if (project.model.expertDnn) kinds.push('experts');

  const xs = tasks.map((t) => t.position.x);
  const top = tasks.length > 0 ? Math.min(...tasks.map((t) => t.position.y)) : 0;
  const left = xs.length > 0 ? Math.min(...xs) : 0;
  const right = xs.length > 0 ? Math.max(...xs) + TASK_NODE_SIZE.width : TASK_NODE_SIZE.width;
  const x = Math.round((left + right) / 2 - BLOCK_NODE_SIZE.width / 2);
  const step = BLOCK_NODE_SIZE.height + BLOCK_GAP;
  return kinds.map((kind, i) => ({
    kind,
    position: { x, y: top - (kinds.length - i) * step - (RANK_SEP - BLOCK_GAP) },
  }));
}
