import { describe, expect, it } from 'vitest';
import { makeTask, mlp } from '../../core/project/defaults';
import { liveStreamingPreset } from '../../core/project/presets';
import { verticalCurve } from './edges';
import { lossKind, relationEdgeId, toFlowEdges, toFlowNodes } from './flowModel';

describe('toFlowNodes', () => {
  it('draws input and bottom blocks, then one node per task, carrying selection and errors', () => {
    const project = liveStreamingPreset();
    const view = project.tasks.find((t) => t.name === 'view_costtime')!;
    const nodes = toFlowNodes(project, new Set([view.id]), new Map([[view.id, 'error']]), null);
    expect(nodes.map((n) => n.id).slice(0, 2)).toEqual(['block:input', 'block:bottom']);
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
  it('draws one edge per relation (6 in the preset) and feeds only the root tasks', () => {
    const project = liveStreamingPreset();
    const edges = toFlowEdges(project, new Set());
    const relations = edges.filter((e) => e.id.startsWith('rel:'));
    expect(relations).toHaveLength(6);
    const feeds = edges.filter((e) => e.id.startsWith('feed:'));
    const click = project.tasks[0]!;
    // input → bottom, then bottom → is_click, the only task without parents.
    expect(feeds.map((e) => [e.source, e.target])).toEqual([
      ['block:input', 'block:bottom'],
      ['block:bottom', click.id],
    ]);
    expect(feeds.every((e) => e.deletable === false)).toBe(true);
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
