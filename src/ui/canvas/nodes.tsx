/**
 * Canvas node components. They only draw node data; every edit goes through the store.
 * Task nodes take their size from TASK_NODE_SIZE so auto layout and drawing agree.
 */
import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { TaskBadge } from '../train/TaskBadge';
import type { BlockNode, BusNode, TaskNode } from './flowModel';

const LOSS_TEXT = { binary: 'binary', 'multi-class': 'multi-class', regression: 'regression' };

/** A task name with break opportunities after each `_`, so a long name wraps between words. */
function breakable(name: string) {
  const parts = name.split('_');
  return parts.map((part, i) => (
    <span key={i}>
      {part}
      {i < parts.length - 1 && (
        <>
          _<wbr />
        </>
      )}
    </span>
  ));
}

export const TaskNodeView = memo(function TaskNodeView({ data, selected }: NodeProps<TaskNode>) {
  return (
    <div
      className={`task-node${selected ? ' is-selected' : ''}${data.problem ? ` has-${data.problem}` : ''}`}
      data-testid={`task-node-${data.name}`}
    >
      <Handle type="target" position={Position.Top} className="handle" aria-label="Parents" />
      <div className="task-node__head">
        <span className={`loss-dot loss-${data.lossKind}`} aria-hidden="true" />
        <span className="task-node__name" title={data.name}>
          {breakable(data.name)}
        </span>
        {data.problem && (
          <span
            className={`task-node__marker is-${data.problem}`}
            role="img"
            aria-label={data.problem === 'error' ? 'has problems' : 'has warnings'}
            title={`This task has ${data.problem === 'error' ? 'errors' : 'warnings'}: see the Problems tab`}
          >
            !
          </span>
        )}
      </div>
      <dl className="task-node__meta">
        <div>
          <dt>label</dt>
          <dd className={data.labelName ? '' : 'is-missing'} title={data.labelName || undefined}>
            {data.labelName || 'none'}
          </dd>
        </div>
        <div>
          <dt>loss</dt>
          <dd>{LOSS_TEXT[data.lossKind]}</dd>
        </div>
        <div>
          <dt>parents</dt>
          <dd>{data.parentCount}</dd>
        </div>
      </dl>
      <TaskBadge task={data.name} />
      <Handle type="source" position={Position.Bottom} className="handle" aria-label="Children" />
    </div>
  );
});

export const BlockNodeView = memo(function BlockNodeView({ data }: NodeProps<BlockNode>) {
  return (
    <div className={`block-node block-${data.kind}`} data-testid={`block-${data.kind}`}>
      {data.kind !== 'input' && (
        <Handle
          type="target"
          position={Position.Top}
          className="handle is-fixed"
          isConnectable={false}
        />
      )}
      <span className="block-node__title">{data.title}</span>
      <span className="block-node__detail">{data.detail}</span>
      <Handle
        type="source"
        position={Position.Bottom}
        className="handle is-fixed"
        isConnectable={false}
      />
    </div>
  );
});

/** The bar under the shared layers: everything above it feeds every task below it. */
export const BusNodeView = memo(function BusNodeView({ data }: NodeProps<BusNode>) {
  return (
    <div className="bus-node" data-testid="bus">
      <Handle
        type="target"
        position={Position.Top}
        className="handle is-hidden"
        isConnectable={false}
      />
      <span className="bus-node__caption">{data.caption}</span>
    </div>
  );
});

export const nodeTypes = { task: TaskNodeView, block: BlockNodeView, bus: BusNodeView };
