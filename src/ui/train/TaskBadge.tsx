/**
 * A task node's latest held-out metric from the current run ("AUC 0.712", "MAE 12.3"): the
 * metric of the task's quality chart, its unit in the tooltip. It selects formatted strings
 * from the run store, so it re-renders only when they change (once per evaluation at most),
 * and the canvas's node data never carries a metric.
 */
import { useMemo } from 'react';
import { selectTaskBadge, selectTaskBadgeTitle, useRunStore } from '../../store/runStore';

export function TaskBadge({ task }: { task: string }) {
  const select = useMemo(() => selectTaskBadge(task), [task]);
  const selectTitle = useMemo(() => selectTaskBadgeTitle(task), [task]);
  const text = useRunStore(select);
  const title = useRunStore(selectTitle);
  if (!text) return null;
  return (
    <span className="task-badge" data-testid={`task-badge-${task}`} title={title ?? undefined}>
      {text}
    </span>
  );
}
