import { describe, expect, it } from 'vitest';
import { FIT_PADDINGS, fitViewport, MAX_FIT_ZOOM, MIN_FIT_ZOOM, MINIMAP_SIZE } from './fitView';

/** The screen box of `bounds` under a viewport: screen = flow · zoom + offset. */
function onScreen(
  bounds: { x: number; y: number; width: number; height: number },
  v: ReturnType<typeof fitViewport>,
) {
  return {
    left: bounds.x * v.zoom + v.x,
    top: bounds.y * v.zoom + v.y,
    right: (bounds.x + bounds.width) * v.zoom + v.x,
    bottom: (bounds.y + bounds.height) * v.zoom + v.y,
  };
}

/** The minimap's box in a canvas of `size`: bottom right, 15 px from the edges. */
function minimap(size: { width: number; height: number }) {
  return {
    left: size.width - 15 - MINIMAP_SIZE.width,
    top: size.height - 15 - MINIMAP_SIZE.height,
  };
}

describe('fitViewport', () => {
  // Bounds of the live-streaming drawing (blocks, bus, three ranks of tasks) and the canvas at
  // 1440×900 with the Train dock folded and open, measured in the app.
  const live = { x: -20, y: -200, width: 650, height: 570 };
  const folded = { width: 816, height: 812 };
  const docked = { width: 816, height: 407 };

  it('keeps a graph that fits clear of the minimap (band along the bottom)', () => {
    const v = fitViewport(live, folded);
    const box = onScreen(live, v);
    // (812 − 32 − 131) / 570 = 1.14 and (816 − 57 − 32) / 650 = 1.12: capped at 1.1.
    expect(v.zoom).toBe(MAX_FIT_ZOOM);
    expect(box.bottom).toBeLessThanOrEqual(minimap(folded).top);
    expect(box.top).toBeGreaterThanOrEqual(32);
  });

  it('in a short canvas, keeps the minimap clear with a band on the right instead', () => {
    const v = fitViewport(live, docked);
    const box = onScreen(live, v);
    // Bottom band: (407 − 32 − 131) / 570 = 0.43; right band: (407 − 64) / 570 = 0.60.
    expect(v.zoom).toBeCloseTo(343 / 570, 6);
    expect(box.right).toBeLessThanOrEqual(minimap(docked).left);
    expect(box.top).toBeCloseTo(32, 6);
    expect(box.bottom).toBeCloseTo(407 - 32, 6);
  });

  it('stops at a readable zoom and shows the top of a graph too tall for the canvas', () => {
    const tall = { x: 0, y: 0, width: 300, height: 3000 };
    const v = fitViewport(tall, docked);
    expect(v.zoom).toBe(MIN_FIT_ZOOM);
    expect(onScreen(tall, v).top).toBe(FIT_PADDINGS[1]!.top);
  });

  it('centres a small graph in the free area and does not blow it up', () => {
    const small = { x: 100, y: 50, width: 264, height: 84 };
    const v = fitViewport(small, folded);
    const box = onScreen(small, v);
    const p = FIT_PADDINGS[0]!;
    expect(v.zoom).toBe(MAX_FIT_ZOOM);
    expect(box.left - p.left).toBeCloseTo(folded.width - p.right - box.right, 6);
    expect(box.top - p.top).toBeCloseTo(folded.height - p.bottom - box.bottom, 6);
  });
});
