/**
 * While an edge is dragged, says what dropping it would do, and why it is refused when it
 * would be (self-edge, duplicate, or the cycle it would close, named task by task). Lives
 * inside <ReactFlow> to read the connection in progress.
 */
import { Panel, useConnection } from '@xyflow/react';
import { checkConnection } from '../../core/project/graph';
import { useProjectStore } from '../../store/projectStore';
import type { Task } from '../../core/project/types';

/** Parent and child names of a connection, whichever handle the drag started from. */
export function connectionEnds(
  tasks: readonly Task[],
  fromId: string,
  toId: string,
  fromSource: boolean,
): { parent: string; child: string } | null {
  const from = tasks.find((t) => t.id === fromId);
  const to = tasks.find((t) => t.id === toId);
  if (!from || !to) return null;
  return fromSource ? { parent: from.name, child: to.name } : { parent: to.name, child: from.name };
}

export function ConnectionHint() {
  const connection = useConnection();
  const tasks = useProjectStore((s) => s.project.tasks);
  if (!connection.inProgress) return null;

  const fromSource = connection.fromHandle.type === 'source';
  let text = fromSource
    ? 'Drop on the top handle of a task that depends on this one.'
    : 'Drop on the bottom handle of a task this one depends on.';
  let refused = false;
  if (connection.toNode) {
    const ends = connectionEnds(tasks, connection.fromNode.id, connection.toNode.id, fromSource);
    const error = ends && checkConnection(tasks, ends.parent, ends.child);
    if (error) {
      text = `Refused: ${error.message}`;
      refused = true;
    } else if (ends) {
      text = `${ends.child} will depend on ${ends.parent}.`;
    }
  }
  return (
    <Panel position="top-center">
      <div
        className={`connect-hint${refused ? ' is-refused' : ''}`}
        role="status"
        data-testid="connect-hint"
      >
        {text}
      </div>
    </Panel>
  );
}
