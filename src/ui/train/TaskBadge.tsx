/**
 * A task node's latest held-out metric ("AUC 0.712", "MAE 12.3") from a run of the project as
 * drawn (badgeRun: the current run if it is one, else the newest that is; none from another
 * project or from the "no relations" baseline): the metric of the task's quality chart, its
 * unit and run in the tooltip. It selects formatted strings
 * from the run store, so it re-renders only when they change (once per evaluation at most),
 * and the canvas's node data never carries a metric.
 */
import { useMemo } from 'react';
import { useProjectStore } from '../../store/projectStore';
import { drawnKey, selectTaskBadge, selectTaskBadgeTitle, useRunStore } from '../../store/runStore';

export function TaskBadge({ task }: { task: string }) {
  // The project as drawn (task names and relations), as a string: edits of anything else
  // (weights, towers) do not re-render the badge.
  const drawn = useProjectStore((s) => drawnKey(s.project));
  const select = useMemo(() => selectTaskBadge(task, drawn), [task, drawn]);
  const selectTitle = useMemo(() => selectTaskBadgeTitle(task, drawn), [task, drawn]);
  const text = useRunStore(select);
  const title = useRunStore(selectTitle);
  if (!text) return null;
  return (
    <span className="task-badge" data-testid={`task-badge-${task}`} title={title ?? undefined}>
      {text}
    </span>
  );
}
