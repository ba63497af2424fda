import { describe, expect, it } from 'vitest';
import { makeTask, mlp } from '../../core/project/defaults';
import { liveStreamingPreset } from '../../core/project/presets';
import { verticalCurve } from './edges';
import { TASK_NODE_SIZE } from '../../core/project/layout';
import { lossKind, relationEdgeId, toFlowEdges, toFlowNodes } from './flowModel';

describe('toFlowNodes', () => {
  it('draws input and bottom blocks and the bus, then one node per task, carrying selection and errors', () => {
    const project = liveStreamingPreset();
    const view = project.tasks.find((t) => t.name === 'view_costtime')!;
    const nodes = toFlowNodes(project, new Set([view.id]), new Map([[view.id, 'error']]), null);
    expect(nodes.map((n) => n.id).slice(0, 3)).toEqual(['block:input', 'block:bottom', 'bus']);
    expect(nodes.filter((n) => n.type === 'task')).toHaveLength(5);
    const node = nodes.find((n) => n.id === view.id)!;
    expect(node.selected).toBe(true);
    expect(node.data).toEqual({
      name: 'view_costtime',
      labelName: 'view_costtime',
      lossKind: 'regression',
      parentCount: 2,
      problem: 'error',
    });
    // Blocks are part of the drawing, not of the graph the user edits.
    const bottom = nodes.find((n) => n.id === 'block:bottom')!;
    expect([bottom.deletable, bottom.draggable, bottom.selectable]).toEqual([false, false, false]);
    expect(bottom.data).toMatchObject({ title: 'Bottom MLP [512, 256]' });
    const bus = nodes.find((n) => n.id === 'bus')!;
    expect([bus.deletable, bus.draggable, bus.selectable, bus.focusable]).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('spans the bus across every task, between the last block and the topmost task', () => {
    const a = makeTask('a', { position: { x: -100, y: 300 } });
    const b = makeTask('b', { position: { x: 500, y: 100 } });
    const project = { ...liveStreamingPreset(), tasks: [a, b] };
    const nodes = toFlowNodes(project, new Set(), new Map(), null);
    const bus = nodes.find((n) => n.id === 'bus')!;
    const bottom = nodes.find((n) => n.id === 'block:bottom')!;
    // From a's left edge (-100) to b's right edge (500 + 264): 864 wide.
    expect(bus.position.x).toBe(-100);
    expect(bus.width).toBe(500 + TASK_NODE_SIZE.width + 100);
    expect(bus.position.y + bus.height!).toBeLessThan(100);
    expect(bus.position.y).toBeGreaterThan(bottom.position.y + bottom.height!);
  });

  it.each([
    ['with a bottom MLP', mlp([8]), null, 'the bottom output feeds every task tower'],
    ['without one', null, null, 'the input features feed every task tower'],
    ['with experts', mlp([8]), mlp([8]), 'each task mixes the experts with its own gate'],
  ])('captions the bus %s', (_name, bottomDnn, expertDnn, caption) => {
    const base = liveStreamingPreset();
    const project = { ...base, model: { ...base.model, bottomDnn, expertDnn, numExpert: 2 } };
    const bus = toFlowNodes(project, new Set(), new Map(), null).find((n) => n.id === 'bus')!;
    expect(bus.data).toEqual({ caption });
  });

  it('adds an experts block when expertDnn is set, and nothing at all without tasks', () => {
    const project = liveStreamingPreset();
    project.model = { ...project.model, expertDnn: mlp([64]), numExpert: 4 };
    const titles = toFlowNodes(project, new Set(), new Map(), null)
      .filter((n) => n.type === 'block')
      .map((n) => (n.data as { title: string }).title);
    expect(titles).toEqual(['Input features (3)', 'Bottom MLP [512, 256]', 'Experts ×4 [64]']);
    expect(toFlowNodes({ ...project, tasks: [] }, new Set(), new Map(), null)).toEqual([]);
  });
});

describe('toFlowEdges', () => {
  it('draws one arrowed edge per relation (6 in the preset); the shared layers feed only the bus', () => {
    const project = liveStreamingPreset();
    const edges = toFlowEdges(project, new Set());
    const relations = edges.filter((e) => e.id.startsWith('rel:'));
    expect(relations).toHaveLength(6);
    expect(relations.every((e) => e.markerEnd !== undefined)).toBe(true);
    const feeds = edges.filter((e) => e.id.startsWith('feed:'));
    // input → bottom → bus: no feed edge reaches a task node, and none has an arrow.
    expect(feeds.map((e) => [e.source, e.target])).toEqual([
      ['block:input', 'block:bottom'],
      ['block:bottom', 'bus'],
    ]);
    expect(feeds.every((e) => e.deletable === false && e.markerEnd === undefined)).toBe(true);
  });

  it('keys relation edges by task ids, so a rename keeps the edge', () => {
    const a = makeTask('a');
    const b = makeTask('b', { relationTowerNames: ['a'] });
    const [edge] = toFlowEdges({ ...liveStreamingPreset(), tasks: [a, b] }, new Set());
    expect(edge?.id).toBe(relationEdgeId(a.id, b.id));
    expect(edge?.data).toEqual({ parent: 'a', child: 'b' });
  });

  it('skips self-edges and unknown parents (validation reports them)', () => {
    const a = makeTask('a', { relationTowerNames: ['a', 'ghost'] });
    const edges = toFlowEdges({ ...liveStreamingPreset(), tasks: [a] }, new Set());
    expect(edges.filter((e) => e.id.startsWith('rel:'))).toEqual([]);
  });
});

describe('lossKind', () => {
  it.each([
    ['CLASSIFICATION', 1, 'binary'],
    ['CLASSIFICATION', 4, 'multi-class'],
    ['L2_LOSS', 1, 'regression'],
    ['SIGMOID_L2_LOSS', 1, 'regression'],
    ['BINARY_CROSS_ENTROPY_LOSS', 1, 'binary'],
  ] as const)('%s with %d classes is %s', (lossType, numClass, kind) => {
    expect(lossKind({ lossType, numClass })).toBe(kind);
  });
});

describe('routed relation edges', () => {
  it('carry the layout points only when routes are given', () => {
    const a = makeTask('a');
    const b = makeTask('b', { relationTowerNames: ['a'] });
    const project = { ...liveStreamingPreset(), tasks: [a, b] };
    const via = [{ x: 5, y: 50 }];
    const [routed] = toFlowEdges(project, new Set(), { [`${a.id}>${b.id}`]: via });
    expect(routed?.data).toEqual({ parent: 'a', child: 'b', via });
    const [plain] = toFlowEdges(project, new Set(), null);
    expect(plain?.data).toEqual({ parent: 'a', child: 'b' });
  });

  it('draws a vertical S-curve per segment (control points at the segment middle height)', () => {
    // Hand-computed: from (0,0) to (10,20) the controls sit at y = 10 above each end.
    expect(
      verticalCurve([
        { x: 0, y: 0 },
        { x: 10, y: 20 },
        { x: 10, y: 60 },
      ]),
    ).toBe('M 0,0 C 0,10 10,10 10,20 C 10,40 10,40 10,60');
    expect(verticalCurve([])).toBe('');
  });
});
