/**
 * The runs kept in this browser, newest first. Clicking a run makes it current (the charts and
 * the canvas badges follow it); the overlay box adds a run's curves to the current run's charts.
 */
import { useMemo } from 'react';
import { isActive, runStore, useRunStore } from '../../store/runStore';
import { PHASE_TEXT } from './format';
import { RUN_COLORS } from './chartData';

/** A row's text changes at a run's phase changes and steps: select it as one string. */
function useRowStep(id: string): string {
  return useRunStore((s) => {
    const run = s.runs[id];
    return run
      ? `${run.interrupted ? 'interrupted' : PHASE_TEXT[run.phase]} · ${run.progress.step}`
      : '';
  });
}

function RowPhase({ id, phase }: { id: string; phase: string }) {
  const text = useRowStep(id);
  return <span className={`run-row__phase is-${phase}`}>{text}</span>;
}

export function RunList() {
  const order = useRunStore((s) => s.order);
  const currentRunId = useRunStore((s) => s.currentRunId);
  const compareIds = useRunStore((s) => s.compareIds);
  // Names and phases only: progress updates re-render the phase cells, not the list.
  const rowsKey = useRunStore((s) =>
    s.order.map((id) => `${s.runs[id]?.name}\t${s.runs[id]?.phase}`).join('\n'),
  );
  const runs = useMemo(() => runStore.getState().runs, [rowsKey]); // eslint-disable-line react-hooks/exhaustive-deps
  const shown = [currentRunId, ...compareIds];

  if (order.length === 0) return null;
  return (
    <section className="run-list" aria-label="Runs">
      <h3 className="train-heading">
        Runs <span className="muted">· tick to overlay on the current run</span>
      </h3>
      <ul>
        {order.map((id) => {
          const run = runs[id];
          if (!run) return null;
          const index = shown.indexOf(id);
          const color = index >= 0 ? RUN_COLORS[index % RUN_COLORS.length] : 'transparent';
          const current = id === currentRunId;
          return (
            <li key={id} className={`run-row${current ? ' is-current' : ''}`} data-testid="run-row">
              <input
                type="checkbox"
                aria-label={`Overlay ${run.name}`}
                checked={index >= 0}
                disabled={current}
                onChange={() => runStore.getState().toggleCompare(id)}
              />
              <span className="run-row__swatch" style={{ background: color }} aria-hidden="true" />
              <button
                type="button"
                className="run-row__name"
                onClick={() => runStore.getState().setCurrent(id)}
                aria-current={current}
                title={`${run.name}: ${run.settings.numSteps || `${run.settings.numEpochs} epochs`} steps, batch ${run.settings.batchSize}, ${new Date(run.createdAt).toLocaleString()}`}
              >
                {run.name}
              </button>
              <RowPhase id={id} phase={run.phase} />
              <button
                type="button"
                className="btn-icon"
                aria-label={`Delete ${run.name}`}
                title="Delete this run"
                disabled={isActive(run)}
                onClick={() => runStore.getState().removeRun(id)}
              >
                ×
              </button>
            </li>
          );
        })}
      </ul>
    </section>
  );
}
