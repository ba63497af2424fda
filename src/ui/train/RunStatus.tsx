/**
 * What the dashboard says when there is nothing to chart yet, when a start is refused, when a
 * run fails and when it ends: each message says what to do next.
 */
import { useState } from 'react';
import type { Problem } from '../../core/project/validate';
import { useDataStore } from '../../store/dataStore';
import {
  interruptedText,
  interruptedTitle,
  selectCurrentRun,
  useRunStore,
} from '../../store/runStore';
import { continueOnCpu, type StartResult } from './runController';

type Tab = 'Data' | 'Problems';

export function StartProblem(props: {
  refusal: Extract<StartResult, { ok: false }>;
  onOpenTab: (tab: Tab) => void;
}) {
  const { refusal, onOpenTab } = props;
  return (
    <div className="train-alert is-error" role="alert" data-testid="start-refused">
      <p>{refusal.message}</p>
      {refusal.reason === 'no-data' && (
        <button type="button" className="btn btn-small" onClick={() => onOpenTab('Data')}>
          Open the Data tab
        </button>
      )}
      {refusal.reason === 'problems' && refusal.problems && (
        <ProblemList problems={refusal.problems} onOpen={() => onOpenTab('Problems')} />
      )}
    </div>
  );
}

function ProblemList(props: { problems: Problem[]; onOpen: () => void }) {
  const shown = props.problems.slice(0, 5);
  return (
    <>
      <ul className="train-alert__list">
        {shown.map((p, i) => (
          <li key={i}>
            {p.taskName ? <strong>{p.taskName}: </strong> : null}
            {p.message}
          </li>
        ))}
      </ul>
      <button type="button" className="btn btn-small" onClick={props.onOpen}>
        Open the Problems tab
        {props.problems.length > shown.length ? ` (${props.problems.length})` : ''}
      </button>
    </>
  );
}

/** The offer after a lost device: go on from the last checkpoint on the CPU backend. */
function ContinueOnCpu({ runId }: { runId: string }) {
  const from = useRunStore((s) => s.models[runId]?.manifest.step ?? null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const onClick = () => {
    void continueOnCpu(runId).then((result) => setRefusal(result.ok ? null : result.message));
  };
  return (
    <>
      <button
        type="button"
        className="btn btn-small"
        onClick={onClick}
        data-testid="continue-on-cpu"
        title={
          from !== null
            ? `Same run and settings on the CPU backend, from the weights, optimizer state and data position of step ${from}`
            : 'No weights were saved before the failure: the run starts again on the CPU backend'
        }
      >
        {from !== null ? `Continue on CPU from step ${from}` : 'Restart on CPU'}
      </button>
      {refusal && <p className="train-alert__note">{refusal}</p>}
    </>
  );
}

/** Above the charts: the empty state, an error, an interrupted or finished run. */
export function RunBanner(props: { onOpenTab: (tab: Tab) => void }) {
  const run = useRunStore(selectCurrentRun);
  const hasData = useDataStore((s) => s.train !== null);
  const hasModel = useRunStore((s) => (run ? run.id in s.models : false));
  const overlaid = useRunStore((s) =>
    s.compareIds.flatMap((id) => (s.runs[id] ? [s.runs[id].name] : [])).join(', '),
  );

  if (!run) {
    return (
      <div className="train-empty" data-testid="train-empty">
        <h3>No runs yet</h3>
        {hasData ? (
          <p>
            Press <strong>Train</strong> to train this project on the loaded samples. Each task gets
            a loss chart and an AUC, MAE or accuracy chart; the canvas shows the same held-out
            metric on each task.
          </p>
        ) : (
          <p>
            No samples are loaded. Load samples in the{' '}
            <button type="button" className="link" onClick={() => props.onOpenTab('Data')}>
              Data tab
            </button>{' '}
            or use the demo.
          </p>
        )}
      </div>
    );
  }
  if (run.phase === 'error' && run.error) {
    const nan = run.error.code === 'LOSS_NOT_FINITE';
    return (
      <div className="train-alert is-error" role="alert" data-testid="run-error">
        <p>
          <strong>{run.name} failed</strong> ({run.error.code}, {run.error.where}):{' '}
          {run.error.message}
        </p>
        {nan && (
          <p>
            Try a learning rate ten times lower (
            {run.settings.learningRate.kind === 'constant'
              ? String(run.settings.learningRate.learningRate / 10)
              : 'lower the initial rate'}
            ) and train again.
          </p>
        )}
        {run.error.offerCpu && <ContinueOnCpu runId={run.id} />}
      </div>
    );
  }
  if (run.interrupted) {
    return (
      <p className="train-alert" data-testid="run-interrupted" title={interruptedTitle(run)}>
        {interruptedText(run)}
      </p>
    );
  }
  if (run.phase === 'finished' || run.phase === 'stopped') {
    const independent = run.project.tasks.every((t) => t.relationTowerNames.length === 0);
    return (
      <p className="train-alert is-ok" data-testid="run-finished">
        {run.name} {run.phase} at step {run.progress.step}.{' '}
        {hasModel
          ? 'Download its predictions or model below. '
          : 'Its weights are not kept across reloads: train again to download predictions or the model. '}
        {overlaid
          ? `Overlaid: ${overlaid} (untick under Runs to hide).`
          : independent
            ? 'Tick a DBMTL run under Runs to overlay it.'
            : 'Press “Baseline: no relations” to see what the relations add.'}
      </p>
    );
  }
  return null;
}
