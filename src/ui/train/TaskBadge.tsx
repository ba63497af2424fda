/**
 * A task node's latest held-out metric from the current run ("AUC 0.712", "MSE 1.3e2"). It
 * selects one formatted string from the run store, so it re-renders only when that text
 * changes, and the canvas's node data never carries a metric.
 */
import { useMemo } from 'react';
import { selectTaskBadge, useRunStore } from '../../store/runStore';

export function TaskBadge({ task }: { task: string }) {
  const select = useMemo(() => selectTaskBadge(task), [task]);
  const text = useRunStore(select);
  if (!text) return null;
  return (
    <span
      className="task-badge"
      data-testid={`task-badge-${task}`}
      title="Latest held-out metric of the current run"
    >
      {text}
    </span>
  );
}
