/**
 * The task-graph canvas. Nodes and edges are derived from the project and the selection;
 * React Flow's transient state (positions while dragging, measured sizes) stays local and
 * is committed to the project once, on drag stop.
 */
import {
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
  type DragEvent,
  type MouseEvent,
} from 'react';
import {
  applyNodeChanges,
  Background,
  BackgroundVariant,
  ControlButton,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type Connection,
  type Edge,
  type EdgeChange,
  type FinalConnectionState,
  type IsValidConnection,
  type NodeChange,
  type OnDelete,
} from '@xyflow/react';
import { checkConnection } from '../../core/project/graph';
import {
  isLaidOut,
  layoutGraph,
  needsLayout,
  TASK_NODE_SIZE,
  type Positions,
} from '../../core/project/layout';
import { projectStore, useProjectStore } from '../../store/projectStore';
import { addTask } from '../actions';
import { parseLevelKey, taskLevelKey, useProblems } from '../problems';
import { ConnectionHint, connectionEnds } from './ConnectionHint';
import { isTaskNode, toFlowEdges, toFlowNodes, type FlowNode } from './flowModel';
import { edgeTypes } from './edges';
import { MINIMAP_SIZE } from './fitView';
import { nodeTypes } from './nodes';
import { useFitGraph } from './useFitGraph';

/** The drag payload type of the palette's Task item. */
export const TASK_DRAG_TYPE = 'application/x-dbmtl-task';
const DELETE_KEYS = ['Delete', 'Backspace'];
const MULTI_SELECT_KEYS = ['Shift', 'Control', 'Meta'];

let deleteCount = 0;

/**
 * Commits moved task positions as one 'moveTasks' change (one undo step, or one per
 * coalescing key). While the canvas shows a derived layout, every task's drawn position is
 * committed with it, so the tasks not moved stay where the user saw them.
 */
function commitPositions(moved: Positions, derived: Positions | null, coalesceKey?: string) {
  const { project, apply } = projectStore.getState();
  const positions: Positions = { ...derived };
  for (const [id, p] of Object.entries(moved))
    positions[id] = { x: Math.round(p.x), y: Math.round(p.y) };
  const changed = project.tasks.some((t) => {
    const p = positions[t.id];
    return p !== undefined && (p.x !== t.position.x || p.y !== t.position.y);
  });
  if (changed) apply({ type: 'moveTasks', positions }, coalesceKey ? { coalesceKey } : {});
}

function taskName(id: string): string | undefined {
  return projectStore.getState().project.tasks.find((t) => t.id === id)?.name;
}

/** Four corners, as React Flow's own fit-view icon draws them. */
function FitIcon() {
  return (
    <svg viewBox="0 0 16 16" aria-hidden="true">
      <path
        d="M1 5V1h4M11 1h4v4M15 11v4h-4M5 15H1v-4"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
      />
    </svg>
  );
}

export function GraphCanvas() {
  const tasks = useProjectStore((s) => s.project.tasks);
  const model = useProjectStore((s) => s.project.model);
  const features = useProjectStore((s) => s.project.features);
  const selectedIds = useProjectStore((s) => s.selectedTaskIds);
  const levelKey = taskLevelKey(useProblems());
  const { screenToFlowPosition } = useReactFlow();
  const { fit, fitWhenDrawn } = useFitGraph();
  const canvasRef = useRef<HTMLDivElement>(null);
  const [selectedEdges, setSelectedEdges] = useState<ReadonlySet<string>>(() => new Set());

  // Presets and imports may arrive without positions; draw a layout until the user moves one.
  const layout = useMemo(() => layoutGraph(tasks), [tasks]);
  const derivedPositions = needsLayout(tasks) ? layout.positions : null;
  const routes = derivedPositions || isLaidOut(tasks, layout.positions) ? layout.routes : null;
  const derivedNodes = useMemo(
    () =>
      toFlowNodes(
        { tasks, model, features },
        new Set(selectedIds),
        parseLevelKey(levelKey),
        derivedPositions,
      ),
    [tasks, model, features, selectedIds, levelKey, derivedPositions],
  );
  const edges = useMemo(
    () => toFlowEdges({ tasks, model, features }, selectedEdges, routes),
    [tasks, model, features, selectedEdges, routes],
  );

  // Local copy for React Flow's transient changes; reset whenever the derived nodes change.
  const [nodes, setNodes] = useState<FlowNode[]>(derivedNodes);
  const [syncedFrom, setSyncedFrom] = useState(derivedNodes);
  if (syncedFrom !== derivedNodes) {
    setSyncedFrom(derivedNodes);
    const measured = new Map(nodes.map((n) => [n.id, n.measured]));
    setNodes(derivedNodes.map((n) => ({ ...n, measured: measured.get(n.id) ?? n.measured })));
  }

  // True between drag start and stop: positions then stay local until the drag ends.
  const dragging = useRef(false);

  // The first drawing, and every replaced project (preset, open, config import), is fitted
  // into view once its nodes are drawn. An empty graph is not fitted, so the first dropped
  // task stays where it was dropped.
  const replacements = useProjectStore((s) => s.replacements);
  const fittedFor = useRef<number | null>(null);
  useEffect(() => {
    if (fittedFor.current === replacements) return;
    const first = fittedFor.current === null;
    fittedFor.current = replacements;
    fitWhenDrawn(first ? {} : { duration: 200 });
  }, [replacements, fitWhenDrawn]);

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      const { selectedTaskIds, select } = projectStore.getState();
      const selection = new Set(selectedTaskIds);
      let selectionChanged = false;
      const local: NodeChange<FlowNode>[] = [];
      const nudged: Positions = {};
      for (const change of changes) {
        if (change.type === 'select') {
          if (change.selected) selection.add(change.id);
          else selection.delete(change.id);
          selectionChanged = true;
        } else if (change.type === 'position' || change.type === 'dimensions') {
          local.push(change);
          // Arrow keys move focused nodes without a drag: those moves are committed here.
          if (
            change.type === 'position' &&
            !change.dragging &&
            !dragging.current &&
            change.position
          )
            nudged[change.id] = change.position;
        }
        // 'remove' is handled by onDelete as project changes.
      }
      if (local.length > 0) setNodes((current) => applyNodeChanges(local, current));
      if (selectionChanged) select([...selection]);
      const ids = Object.keys(nudged);
      if (ids.length > 0)
        commitPositions(nudged, derivedPositions, `nudge:${ids.sort().join(',')}`);
    },
    [derivedPositions],
  );

  const onEdgesChange = useCallback((changes: EdgeChange[]) => {
    const selects = changes.filter((c) => c.type === 'select');
    if (selects.length === 0) return;
    setSelectedEdges((current) => {
      const next = new Set(current);
      for (const c of selects) {
        if (c.selected) next.add(c.id);
        else next.delete(c.id);
      }
      return next;
    });
  }, []);

  const onNodeDragStart = useCallback(() => {
    dragging.current = true;
  }, []);

  const onNodeDragStop = useCallback(
    (_event: unknown, _node: FlowNode, dragged: FlowNode[]) => {
      dragging.current = false;
      const moved: Positions = {};
      for (const node of dragged) if (isTaskNode(node)) moved[node.id] = node.position;
      commitPositions(moved, derivedPositions);
    },
    [derivedPositions],
  );

  const onDelete: OnDelete<FlowNode, Edge> = useCallback(({ nodes: removed, edges: cut }) => {
    const { apply, select } = projectStore.getState();
    // Every part of one deletion shares a coalescing key, so undo restores it in one step.
    const key = `delete:${(deleteCount += 1)}`;
    const names = removed.filter(isTaskNode).map((n) => n.data.name);
    if (names.length > 0) apply({ type: 'removeTasks', names }, { coalesceKey: key });
    for (const edge of cut) {
      const data = edge.data as { parent?: string; child?: string } | undefined;
      if (!data?.parent || !data.child) continue;
      if (names.includes(data.parent) || names.includes(data.child)) continue;
      apply({ type: 'disconnect', parent: data.parent, child: data.child }, { coalesceKey: key });
    }
    if (names.length > 0) select([]);
    setSelectedEdges(new Set());
    // The deleted node had the focus; keep it on the canvas, not on the page body.
    requestAnimationFrame(() =>
      canvasRef.current?.querySelector<HTMLElement>('.react-flow')?.focus(),
    );
  }, []);

  const isValidConnection: IsValidConnection = useCallback((connection) => {
    const parent = taskName(connection.source);
    const child = taskName(connection.target);
    if (parent === undefined || child === undefined) return false;
    return checkConnection(projectStore.getState().project.tasks, parent, child) === null;
  }, []);

  const onConnect = useCallback((connection: Connection) => {
    const parent = taskName(connection.source);
    const child = taskName(connection.target);
    if (parent === undefined || child === undefined) return;
    // Checked again here: the store refuses (and explains) anything the drag let through.
    projectStore.getState().apply({ type: 'connect', parent, child });
  }, []);

  const onConnectEnd = useCallback(
    (_event: globalThis.MouseEvent | TouchEvent, state: FinalConnectionState) => {
      if (state.isValid !== false || !state.toNode || !state.fromNode || !state.fromHandle) return;
      const { project, setNotice } = projectStore.getState();
      const ends = connectionEnds(
        project.tasks,
        state.fromNode.id,
        state.toNode.id,
        state.fromHandle.type === 'source',
      );
      const error = ends && checkConnection(project.tasks, ends.parent, ends.child);
      if (error)
        setNotice({ kind: 'error', message: `Edge refused. ${error.message}`, refusal: true });
    },
    [],
  );

  const dropPosition = (event: { clientX: number; clientY: number }) => {
    const p = screenToFlowPosition({ x: event.clientX, y: event.clientY });
    return { x: p.x - TASK_NODE_SIZE.width / 2, y: p.y - TASK_NODE_SIZE.height / 2 };
  };

  const onDragOver = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes(TASK_DRAG_TYPE)) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
  };

  const onDrop = (event: DragEvent) => {
    if (!event.dataTransfer.types.includes(TASK_DRAG_TYPE)) return;
    event.preventDefault();
    addTask(dropPosition(event));
  };

  const onDoubleClick = (event: MouseEvent) => {
    // Only the empty canvas: double-clicking a node or a control must not add a task.
    if ((event.target as Element).classList.contains('react-flow__pane'))
      addTask(dropPosition(event));
  };

  return (
    <div
      className="canvas"
      ref={canvasRef}
      onDragOver={onDragOver}
      onDrop={onDrop}
      onDoubleClick={onDoubleClick}
    >
      <ReactFlow<FlowNode, Edge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        edgeTypes={edgeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onNodeDragStart={onNodeDragStart}
        onNodeDragStop={onNodeDragStop}
        onDelete={onDelete}
        onConnect={onConnect}
        onConnectEnd={onConnectEnd}
        isValidConnection={isValidConnection}
        deleteKeyCode={DELETE_KEYS}
        multiSelectionKeyCode={MULTI_SELECT_KEYS}
        selectionKeyCode="Shift"
        zoomOnDoubleClick={false}
        nodesFocusable
        edgesFocusable
        minZoom={0.2}
        maxZoom={2}
        defaultEdgeOptions={{ type: 'default' }}
        aria-label="Task graph"
        // Focusable from code only: where focus goes after a node is deleted.
        tabIndex={-1}
      >
        <Background variant={BackgroundVariant.Dots} gap={16} size={1} color="var(--grid-dot)" />
        {tasks.length > 0 && (
          <MiniMap
            pannable
            zoomable
            ariaLabel="Minimap of the task graph"
            style={MINIMAP_SIZE}
            nodeColor={(n) => (n.type === 'task' ? '#a5b4fc' : '#e4e4e7')}
            nodeBorderRadius={4}
          />
        )}
        <Controls showInteractive={false} showFitView={false} aria-label="Zoom and fit view">
          <ControlButton
            onClick={() => fit({ duration: 200 })}
            title="Fit view"
            aria-label="Fit view"
            className="react-flow__controls-fitview"
          >
            <FitIcon />
          </ControlButton>
        </Controls>
        <ConnectionHint />
      </ReactFlow>
      {tasks.length === 0 && (
        <div className="canvas-empty" data-testid="canvas-empty">
          <p className="canvas-empty__title">No tasks yet</p>
          <p>Drag a Task from the palette or pick a preset.</p>
          <p className="canvas-empty__hint">Double-click the canvas to add a task here.</p>
        </div>
      )}
    </div>
  );
}
