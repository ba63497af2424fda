/** The canvas's fit view, as functions any component inside the React Flow provider can call. */
import { useCallback, useMemo } from 'react';
import { useReactFlow, useStoreApi } from '@xyflow/react';
import { fitViewport } from './fitView';

/** Frames to wait for new nodes to be drawn and measured before fitting anyway. */
const MAX_FRAMES = 30;

export interface FitGraph {
  /** Fits every node into the canvas now (see fitView.ts); nothing on an empty graph. */
  fit: (options?: { duration?: number }) => void;
  /**
   * Fits once every node has been drawn and measured (after a project replacement or a new
   * layout, the nodes React Flow knows are not yet the ones on screen).
   */
  fitWhenDrawn: (options?: { duration?: number }) => void;
}

export function useFitGraph(): FitGraph {
  const flow = useReactFlow();
  const store = useStoreApi();

  const fit = useCallback(
    (options: { duration?: number } = {}) => {
      const { width, height } = store.getState();
      const nodes = flow.getNodes();
      if (nodes.length === 0 || width === 0 || height === 0) return;
      void flow.setViewport(fitViewport(flow.getNodesBounds(nodes), { width, height }), options);
    },
    [flow, store],
  );

  const fitWhenDrawn = useCallback(
    (options: { duration?: number } = {}) => {
      const attempt = (frames: number) =>
        requestAnimationFrame(() => {
          const nodes = flow.getNodes();
          // An empty graph is never fitted: the first task dropped later stays where it fell.
          if (nodes.length === 0) return;
          const drawn = nodes.every((n) => {
            const measured = flow.getInternalNode(n.id)?.measured;
            return Boolean(measured?.width && measured.height);
          });
          if (drawn || frames === 0) fit(options);
          else attempt(frames - 1);
        });
      attempt(MAX_FRAMES);
    },
    [flow, fit],
  );

  return useMemo(() => ({ fit, fitWhenDrawn }), [fit, fitWhenDrawn]);
}
