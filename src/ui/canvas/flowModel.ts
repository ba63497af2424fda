/**
 * The one-way mapping from the project to React Flow nodes and edges. React Flow never owns
 * the graph: these arrays are derived from the store and rebuilt when the project or the
 * selection changes; edits come back as project changes.
 */
import { MarkerType, type Edge, type Node } from '@xyflow/react';
import {
  BLOCK_NODE_SIZE,
  BUS_HEIGHT,
  placeBlocks,
  placeBus,
  routeKey,
  TASK_NODE_SIZE,
  type BlockKind,
  type GraphLayout,
  type Positions,
} from '../../core/project/layout';
import type { Mlp, Project, Task } from '../../core/project/types';

export type LossKind = 'binary' | 'multi-class' | 'regression';

export function lossKind(task: Pick<Task, 'lossType' | 'numClass'>): LossKind {
  if (task.lossType === 'L2_LOSS' || task.lossType === 'SIGMOID_L2_LOSS') return 'regression';
  return task.numClass > 1 ? 'multi-class' : 'binary';
}

export type TaskNodeData = {
  name: string;
  labelName: string;
  lossKind: LossKind;
  parentCount: number;
  /** The worst problem of the task, for its marker. */
  problem: 'error' | 'warning' | null;
};

export type BlockNodeData = { kind: BlockKind; title: string; detail: string };
export type BusNodeData = { caption: string };

export type TaskNode = Node<TaskNodeData, 'task'>;
export type BlockNode = Node<BlockNodeData, 'block'>;
/** The bar under the shared layers that stands for "every task reads this". */
export type BusNode = Node<BusNodeData, 'bus'>;
export type FlowNode = TaskNode | BlockNode | BusNode;

export const BLOCK_ID_PREFIX = 'block:';
export const BUS_ID = 'bus';

export function isTaskNode(node: FlowNode): node is TaskNode {
  return node.type === 'task';
}

function units(mlp: Mlp): string {
  return `[${mlp.hiddenUnits.join(', ')}]`;
}

type GraphSlice = Pick<Project, 'tasks' | 'model' | 'features'>;

function blockData(kind: BlockKind, project: GraphSlice): BlockNodeData {
  const { model } = project;
  switch (kind) {
    case 'input': {
      const n = project.features.filter((f) => f.inGroup).length;
      return { kind, title: `Input features (${n})`, detail: 'group "all", concatenated' };
    }
    case 'bottom':
      return {
        kind,
        title: `Bottom MLP ${model.bottomDnn ? units(model.bottomDnn) : ''}`,
        detail: 'shared by every task',
      };
    case 'experts':
      return {
        kind,
        title: `Experts ×${model.numExpert} ${model.expertDnn ? units(model.expertDnn) : ''}`,
        detail: 'MMoE: one gate per task',
      };
  }
}

/** Parts of the drawing that are not part of the graph the user edits. */
const FIXED = {
  draggable: false,
  deletable: false,
  selectable: false,
  connectable: false,
  focusable: false,
} as const;

function busCaption(project: GraphSlice): string {
  if (project.model.expertDnn) return 'each task mixes the experts with its own gate';
  if (project.model.bottomDnn) return 'the bottom output feeds every task tower';
  return 'the input features feed every task tower';
}

export function toFlowNodes(
  project: GraphSlice,
  selected: ReadonlySet<string>,
  problemLevels: ReadonlyMap<string, 'error' | 'warning'>,
  positions: Positions | null,
): FlowNode[] {
  const tasks = project.tasks.map((t) => ({ ...t, position: positions?.[t.id] ?? t.position }));
  const blocks: BlockNode[] = placeBlocks(tasks, project).map(({ kind, position }) => ({
    id: `${BLOCK_ID_PREFIX}${kind}`,
    type: 'block',
    position,
    data: blockData(kind, project),
    width: BLOCK_NODE_SIZE.width,
    height: BLOCK_NODE_SIZE.height,
    ...FIXED,
  }));
  const bus = placeBus(tasks);
  const busNode: BusNode = {
    id: BUS_ID,
    type: 'bus',
    position: bus.position,
    data: { caption: busCaption(project) },
    width: bus.width,
    height: BUS_HEIGHT,
    ...FIXED,
  };
  const taskNodes: TaskNode[] = tasks.map((t) => ({
    id: t.id,
    type: 'task',
    position: t.position,
    selected: selected.has(t.id),
    // No fixed height: a long name wraps to a second line and the node grows.
    width: TASK_NODE_SIZE.width,
    ariaLabel: `Task ${t.name}`,
    data: {
      name: t.name,
      labelName: t.labelName,
      lossKind: lossKind(t),
      parentCount: t.relationTowerNames.length,
      problem: problemLevels.get(t.id) ?? null,
    },
  }));
  return project.tasks.length > 0 ? [...blocks, busNode, ...taskNodes] : [];
}

export type RelationEdgeData = {
  parent: string;
  child: string;
  /** Points the edge passes through between its handles (from the auto layout). */
  via?: { x: number; y: number }[];
};
export type RelationEdge = Edge<RelationEdgeData, 'relation'>;

const RELATION_ARROW = { type: MarkerType.ArrowClosed, width: 14, height: 14, color: '#71717a' };

/** Edge id of the relation parent → child, by task ids (stable across renames). */
export function relationEdgeId(parentId: string, childId: string): string {
  return `rel:${parentId}:${childId}`;
}

/**
 * `routes` (from the auto layout) are used only while the tasks stand where the layout put
 * them; after a manual move, edges are plain curves between their handles.
 */
export function toFlowEdges(
  project: GraphSlice,
  selectedEdges: ReadonlySet<string>,
  routes: GraphLayout['routes'] | null = null,
): Edge[] {
  const ids = new Map(project.tasks.map((t) => [t.name, t.id]));
  const edges: Edge[] = [];
  for (const task of project.tasks) {
    for (const parent of task.relationTowerNames) {
      const parentId = ids.get(parent);
      if (parentId === undefined || parentId === task.id) continue;
      const id = relationEdgeId(parentId, task.id);
      const via = routes?.[routeKey(parentId, task.id)];
      edges.push({
        id,
        source: parentId,
        target: task.id,
        type: 'relation',
        selected: selectedEdges.has(id),
        ariaLabel: `${task.name} depends on ${parent}`,
        className: 'relation-edge',
        // The arrow points at the task that depends: relations are the graph's main edges.
        markerEnd: RELATION_ARROW,
        data: { parent, child: task.name, ...(via ? { via } : {}) },
      } satisfies RelationEdge);
    }
  }
  if (project.tasks.length === 0) return edges;

  // The shared layers feed each other in forward order, and the last one feeds the bus that
  // spans the tasks: one light connector instead of an edge to each task, so the relations
  // stay the main edges between tasks and nothing runs behind a task node.
  const chain = [...placeBlocks([], project).map((b) => `${BLOCK_ID_PREFIX}${b.kind}`), BUS_ID];
  for (let i = 1; i < chain.length; i++) {
    const source = chain[i - 1]!;
    const target = chain[i]!;
    edges.push({
      id: `feed:${source}:${target}`,
      source,
      target,
      type: 'straight',
      className: 'feed-edge',
      selectable: false,
      deletable: false,
      focusable: false,
    });
  }
  return edges;
}
