/**
 * Start, pause, resume, stop, reset and the baseline run; the progress bar (step, epoch,
 * samples per second, time left); the backend in use and why better ones were skipped.
 */
import { useState } from 'react';
import { isActive, selectCurrentRun, useRunStore, type Run } from '../../store/runStore';
import {
  pauseRun,
  resetRun,
  resumeRun,
  startBaseline,
  startRun,
  stopRun,
  type StartResult,
} from './runController';
import {
  backendSummary,
  BACKEND_TITLES,
  formatDuration,
  formatRate,
  PHASE_TEXT,
  secondsLeft,
  skippedText,
} from './format';
import { StartProblem } from './RunStatus';

export function RunControls(props: { onOpenTab: (tab: 'Data' | 'Problems') => void }) {
  const run = useRunStore(selectCurrentRun);
  const anyActive = useRunStore((s) => s.order.some((id) => isActive(s.runs[id])));
  const [refusal, setRefusal] = useState<Extract<StartResult, { ok: false }> | null>(null);
  // The worker encodes the samples before the run appears: Train and Baseline wait meanwhile.
  const [starting, setStarting] = useState(false);
  const phase = run?.phase;
  const active = isActive(run);

  const start = (fn: () => Promise<StartResult>) => {
    setStarting(true);
    void fn().then((result) => {
      setStarting(false);
      setRefusal(result.ok ? null : result);
    });
  };

  return (
    <section className="train-controls" aria-label="Run controls">
      <div className="train-controls__buttons">
        {!anyActive && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => start(() => startRun())}
            disabled={starting}
            aria-busy={starting}
          >
            ▶ Train
          </button>
        )}
        {active && phase !== 'paused' && (
          <button type="button" className="btn" onClick={pauseRun} disabled={phase === 'stopping'}>
            ❚❚ Pause
          </button>
        )}
        {phase === 'paused' && (
          <button type="button" className="btn btn-primary" onClick={resumeRun}>
            ▶ Resume
          </button>
        )}
        {active && (
          <button
            type="button"
            className="btn btn-danger"
            onClick={stopRun}
            disabled={phase === 'stopping'}
          >
            ■ Stop
          </button>
        )}
        <button
          type="button"
          className="btn"
          onClick={resetRun}
          disabled={!run}
          title="Stop the current run if it is active and remove it from the list"
        >
          Reset
        </button>
        <button
          type="button"
          className="btn"
          disabled={anyActive || starting}
          onClick={() => start(startBaseline)}
          title="Train the same project with every relation removed (independent towers), with these settings"
        >
          Baseline: no relations
        </button>
      </div>
      {starting && (
        <p className="muted" role="status" data-testid="run-starting">
          Encoding the samples in the training worker…
        </p>
      )}
      {refusal && <StartProblem refusal={refusal} onOpenTab={props.onOpenTab} />}
      {run && <RunProgressView />}
    </section>
  );
}

function RunProgressView() {
  const run = useRunStore(selectCurrentRun);
  if (!run) return null;
  const { step, epoch, samplesPerSecond, totalSteps } = run.progress;
  const fraction =
    Number.isFinite(totalSteps) && totalSteps > 0 ? Math.min(1, step / totalSteps) : 0;
  const left = isActive(run)
    ? secondsLeft(step, totalSteps, samplesPerSecond, run.settings.batchSize)
    : NaN;
  return (
    <div className="train-progress" data-testid="train-progress">
      <div className="train-progress__head">
        <strong className="train-progress__name">{run.name}</strong>
        <span className={`phase-chip is-${run.phase}`} data-testid="run-phase">
          {PHASE_TEXT[run.phase]}
        </span>
      </div>
      <div
        className="progress-bar"
        role="progressbar"
        aria-label="Training progress"
        aria-valuemin={0}
        aria-valuemax={Number.isFinite(totalSteps) ? totalSteps : undefined}
        aria-valuenow={step}
      >
        <div
          className={`progress-bar__fill${run.phase === 'compiling' ? ' is-busy' : ''}`}
          style={{ transform: `scaleX(${fraction})` }}
        />
      </div>
      <dl className="train-progress__stats">
        <div>
          <dt>step</dt>
          <dd data-testid="run-step">
            {step.toLocaleString('en')}
            {Number.isFinite(totalSteps) ? ` / ${totalSteps.toLocaleString('en')}` : ''}
          </dd>
        </div>
        <div>
          <dt>epoch</dt>
          <dd>{epoch}</dd>
        </div>
        <div>
          <dt>samples/s</dt>
          <dd>{formatRate(samplesPerSecond)}</dd>
        </div>
        <div>
          <dt>time left</dt>
          <dd>{formatDuration(left)}</dd>
        </div>
      </dl>
      <BackendLine run={run} />
    </div>
  );
}

/**
 * "Backend: WASM (WebGPU: software adapter, WebGL: software renderer)" in one short line; the
 * full reasons in its tooltip and behind "why?".
 */
function BackendLine({ run }: { run: Run }) {
  if (!run.backend)
    return (
      <p className="train-backend" data-testid="run-backend">
        <span className="muted">Backend: {run.phase === 'error' ? 'none' : 'detecting…'}</span>
      </p>
    );
  const title = BACKEND_TITLES[run.backend];
  if (run.skipped.length === 0)
    return (
      <p className="train-backend" data-testid="run-backend">
        Backend: <strong>{title}</strong>
      </p>
    );
  const full = `${skippedText(run.skipped)}; using ${title}.`;
  const summary = backendSummary(title, run.skipped);
  return (
    <details className="train-backend" data-testid="run-backend" title={full}>
      <summary>
        Backend: <strong>{title}</strong>
        <span className="muted">{summary.slice(title.length)}</span>{' '}
        <span className="train-backend__why">why?</span>
      </summary>
      <ul className="train-backend__detail" data-testid="run-backend-detail">
        {run.skipped.map((s) => (
          <li key={s.backend}>{skippedText([s])}.</li>
        ))}
        <li>Using {title}.</li>
      </ul>
    </details>
  );
}
