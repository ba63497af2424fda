/**
 * The relation edge: a curve from the parent's bottom handle to the child's top handle. When
 * the auto layout routed it (an edge that skips ranks), it passes through the layout's
 * points, so it runs in the gap dagre left for it rather than behind a task node.
 */
import { memo } from 'react';
import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { RelationEdge } from './flowModel';

type Point = { x: number; y: number };

/** A top-to-bottom curve through the points: vertical tangents at every point. */
export function verticalCurve(points: readonly Point[]): string {
  const [first, ...rest] = points;
  if (!first) return '';
  let path = `M ${first.x},${first.y}`;
  let previous = first;
  for (const p of rest) {
    const midY = (previous.y + p.y) / 2;
    path += ` C ${previous.x},${midY} ${p.x},${midY} ${p.x},${p.y}`;
    previous = p;
  }
  return path;
}

export const RelationEdgeView = memo(function RelationEdgeView(props: EdgeProps<RelationEdge>) {
  const { sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data } = props;
  const via = data?.via;
  const path =
    via && via.length > 1
      ? verticalCurve([{ x: sourceX, y: sourceY }, ...via, { x: targetX, y: targetY }])
      : getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition })[0];
  return (
    <BaseEdge
      id={props.id}
      path={path}
      {...(props.markerEnd ? { markerEnd: props.markerEnd } : {})}
      {...(props.style ? { style: props.style } : {})}
      {...(props.interactionWidth !== undefined
        ? { interactionWidth: props.interactionWidth }
        : {})}
    />
  );
});

export const edgeTypes = { relation: RelationEdgeView };
