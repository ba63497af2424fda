/**
 * How the canvas fits the graph into view: on the first draw, on the Fit view buttons and
 * whenever the project is replaced. React Flow's own fit cannot keep clear of the minimap and
 * never stops at a readable zoom without cutting the graph at both ends, so the viewport is
 * computed here (pure, unit-tested) and set with `setViewport`.
 *
 * The minimap sits in the bottom-right corner. The fit keeps it clear either by reserving a
 * band along the bottom or one along the right, whichever gives the larger zoom (a tall graph
 * in a short canvas, with the Train dock open, loses less to a right band).
 */

/** The minimap's size on screen. */
export const MINIMAP_SIZE = { width: 150, height: 100 } as const;

/** Below this zoom a node's text cannot be read: a bigger graph is shown in part. */
export const MIN_FIT_ZOOM = 0.6;
/** Above this zoom a small graph looks blown up. */
export const MAX_FIT_ZOOM = 1.1;

/** React Flow's panels sit 15 px from the canvas edge; the graph keeps 16 px more. */
const PANEL_MARGIN = 15;
const GAP = 16;
const EDGE = 32;
/** The zoom buttons (bottom left) are 26 px wide. */
const CONTROLS_WIDTH = 26;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}
export interface Viewport {
  x: number;
  y: number;
  zoom: number;
}
interface Padding {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

const LEFT = CONTROLS_WIDTH + PANEL_MARGIN + GAP;
const MINIMAP_BAND = {
  bottom: MINIMAP_SIZE.height + PANEL_MARGIN + GAP,
  right: MINIMAP_SIZE.width + PANEL_MARGIN + GAP,
};

/** The two ways to keep the minimap clear. */
export const FIT_PADDINGS: readonly Padding[] = [
  { top: EDGE, right: EDGE, bottom: MINIMAP_BAND.bottom, left: LEFT },
  { top: EDGE, right: MINIMAP_BAND.right, bottom: EDGE, left: LEFT },
];

function zoomFor(bounds: Rect, size: { width: number; height: number }, p: Padding): number {
  const width = size.width - p.left - p.right;
  const height = size.height - p.top - p.bottom;
  return Math.min(width / Math.max(bounds.width, 1), height / Math.max(bounds.height, 1));
}

/**
 * The viewport (screen = flow · zoom + offset) that shows `bounds` in a canvas of `size`:
 * the zoom is the best of the two paddings, clamped to [MIN_FIT_ZOOM, MAX_FIT_ZOOM]; the
 * graph is centred in the free area, or aligned to its top when it is taller than that area
 * (the shared layers and the first tasks are what a user looks for first).
 */
export function fitViewport(bounds: Rect, size: { width: number; height: number }): Viewport {
  let padding = FIT_PADDINGS[0]!;
  let best = -Infinity;
  for (const p of FIT_PADDINGS) {
    const zoom = zoomFor(bounds, size, p);
    if (zoom > best) [best, padding] = [zoom, p];
  }
  const zoom = Math.min(MAX_FIT_ZOOM, Math.max(MIN_FIT_ZOOM, best));

  const freeWidth = size.width - padding.left - padding.right;
  const freeHeight = size.height - padding.top - padding.bottom;
  const drawnHeight = bounds.height * zoom;
  const x = padding.left + (freeWidth - bounds.width * zoom) / 2 - bounds.x * zoom;
  const top =
    drawnHeight <= freeHeight ? padding.top + (freeHeight - drawnHeight) / 2 : padding.top;
  return { x, y: top - bounds.y * zoom, zoom };
}
