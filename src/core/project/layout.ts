/**
 * Automatic layout of the task graph, top to bottom, with dagre. Pure: it reads a project and
 * returns positions; the editor commits them as one `moveTasks` change. Nodes have a known
 * size (the canvas draws task nodes at exactly this size), so the layout never overlaps.
 */
import dagre from '@dagrejs/dagre';
import type { Project, Task } from './types';

/**
 * Size of a task node on the canvas, in canvas pixels. Wide enough for a label such as
 * `on_mic_duration` beside the loss and parent count; a long task name wraps to a second line
 * and the node grows by one line into the gap between ranks.
 */
export const TASK_NODE_SIZE = { width: 264, height: 84 } as const;
/** Size of a fixed network block (input, bottom MLP, experts). */
export const BLOCK_NODE_SIZE = { width: 240, height: 44 } as const;
/** Height of the bar above the top tasks that stands for "feeds every task". */
export const BUS_HEIGHT = 18;
/** Vertical distance between ranks and horizontal distance between neighbours. */
const RANK_SEP = 64;
const NODE_SEP = 40;
const BLOCK_GAP = 36;
/**
 * Tasks without relations are laid out in rows of at most this many: a single row of five
 * shrinks below a readable zoom when the view is fitted to it.
 */
export const ISOLATED_PER_ROW = 3;

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
  const ids = new Map(tasks.map((t) => [t.name, t.id]));
  const edges: [string, string][] = [];
  for (const task of tasks) {
    for (const parent of task.relationTowerNames) {
      const parentId = ids.get(parent);
      // Self-edges and unknown parents are validation problems, not layout input.
      if (parentId !== undefined && parentId !== task.id) edges.push([parentId, task.id]);
    }
  }
  const linked = new Set(edges.flat());
  const connected = tasks.filter((t) => linked.has(t.id));
  const isolated = tasks.filter((t) => !linked.has(t.id));

  const { positions, routes, width } = layoutConnected(connected, edges);
  // Tasks without relations: a grid to the right of the graph, from its top rank down.
  const left = connected.length > 0 ? width + NODE_SEP * 2 : 0;
  for (const [i, task] of isolated.entries()) {
    const column = i % ISOLATED_PER_ROW;
    const row = Math.floor(i / ISOLATED_PER_ROW);
    positions[task.id] = {
      x: left + column * (TASK_NODE_SIZE.width + NODE_SEP),
      y: row * (TASK_NODE_SIZE.height + RANK_SEP),
    };
  }
  return { positions, routes };
}

/** The tasks linked by relations, with dagre; `width` is the drawing's width. */
function layoutConnected(
  tasks: readonly Task[],
  edges: readonly [string, string][],
): GraphLayout & { width: number } {
  const positions: Positions = {};
  const routes: Record<string, Point[]> = {};
  if (tasks.length === 0) return { positions, routes, width: 0 };
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'TB', ranksep: RANK_SEP, nodesep: NODE_SEP, marginx: 0, marginy: 0 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const task of tasks) graph.setNode(task.id, { ...TASK_NODE_SIZE });
  for (const [parent, child] of edges) graph.setEdge(parent, child);
  dagre.layout(graph);

  for (const task of tasks) {
    const node = graph.node(task.id);
    // dagre gives centres; the canvas places nodes by their top-left corner.
    positions[task.id] = {
      x: Math.round(node.x - TASK_NODE_SIZE.width / 2),
      y: Math.round(node.y - TASK_NODE_SIZE.height / 2),
    };
  }
  for (const edge of graph.edges()) {
    // The first and last points are where the edge meets the node boxes; the canvas draws
    // those ends at the handles itself.
    const points = graph.edge(edge)?.points ?? [];
    routes[routeKey(edge.v, edge.w)] = points
      .slice(1, -1)
      .map((p: Point) => ({ x: Math.round(p.x), y: Math.round(p.y) }));
  }
  return { positions, routes, width: graph.graph().width ?? 0 };
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

export interface BusPlacement {
  position: { x: number; y: number };
  width: number;
}

/** The horizontal extent of the tasks (a task's width when there are none). */
function span(tasks: readonly Pick<Task, 'position'>[]): {
  left: number;
  right: number;
  top: number;
} {
  if (tasks.length === 0) return { left: 0, right: TASK_NODE_SIZE.width, top: 0 };
  const xs = tasks.map((t) => t.position.x);
  return {
    left: Math.min(...xs),
    right: Math.max(...xs) + TASK_NODE_SIZE.width,
    top: Math.min(...tasks.map((t) => t.position.y)),
  };
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

  const { left, right, top } = span(tasks);
  const x = Math.round((left + right) / 2 - BLOCK_NODE_SIZE.width / 2);
  const step = BLOCK_NODE_SIZE.height + BLOCK_GAP;
  return kinds.map((kind, i) => ({
    kind,
    position: { x, y: top - (kinds.length - i) * step - (RANK_SEP - BLOCK_GAP) },
  }));
}

/**
 * The bus: a bar across the full width of the tasks, in the gap between the last block and
 * the topmost task. The last block feeds it, and it stands for "every task reads this", so
 * no shared-input edge has to run past task nodes to reach a task lower down.
 */
export function placeBus(tasks: readonly Pick<Task, 'position'>[]): BusPlacement {
  const { left, right, top } = span(tasks);
  // The last block ends RANK_SEP above the topmost task: the bar sits in the middle of that gap.
  const y = Math.round(top - RANK_SEP / 2 - BUS_HEIGHT / 2);
  return { position: { x: left, y }, width: right - left };
}
