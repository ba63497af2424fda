/**
 * The Train dock under the canvas: a bar that is always there (the current run's phase and
 * step, and the buttons that open, enlarge or fold the dock), and when open the controls,
 * settings and runs on the left and the charts on the right. The canvas above keeps showing
 * each task's latest held-out metric while a run trains.
 */
import { isActive, selectCurrentRun, useRunStore } from '../../store/runStore';
import { ChartsPanel } from './ChartsPanel';
import { useDock, dockStore, type DockMode } from './dockStore';
import { PHASE_TEXT } from './format';
import { RunControls } from './RunControls';
import { RunList } from './RunList';
import { RunBanner } from './RunStatus';
import { SettingsForm } from './SettingsForm';
import './train.css';

type Tab = 'Data' | 'Problems';

function DockBar() {
  const mode = useDock((s) => s.mode);
  const run = useRunStore(selectCurrentRun);
  const step = useRunStore((s) => selectCurrentRun(s)?.progress.step ?? 0);
  const setMode = (m: DockMode) => dockStore.getState().setMode(m);
  return (
    <div className="train-dock__bar">
      <button
        type="button"
        className="train-dock__toggle"
        aria-expanded={mode !== 'collapsed'}
        aria-controls="train-dock-body"
        onClick={() => setMode(mode === 'collapsed' ? 'open' : 'collapsed')}
      >
        <span aria-hidden="true">{mode === 'collapsed' ? '▸' : '▾'}</span> Train
      </button>
      {!run && mode === 'collapsed' && (
        <span className="train-dock__summary muted">
          open to train this project and watch every task learn
        </span>
      )}
      {run && (
        <span className="train-dock__summary">
          {run.name} · <span className={`phase-text is-${run.phase}`}>{PHASE_TEXT[run.phase]}</span>
          {isActive(run) || step > 0 ? ` · step ${step}` : ''}
        </span>
      )}
      <span className="toolbar__spacer" />
      <button
        type="button"
        className="btn btn-small"
        onClick={() => setMode(mode === 'max' ? 'open' : 'max')}
        title={mode === 'max' ? 'Show the canvas again' : 'Give the dashboard the whole window'}
      >
        {mode === 'max' ? 'Show canvas' : 'Enlarge'}
      </button>
    </div>
  );
}

export function TrainDock(props: { onOpenTab: (tab: Tab) => void }) {
  const mode = useDock((s) => s.mode);
  return (
    <section
      className={`train-dock is-${mode}`}
      aria-label="Training dashboard"
      data-testid="train-dock"
    >
      <DockBar />
      {mode !== 'collapsed' && (
        <div className="train-dock__body" id="train-dock-body">
          <aside className="train-side">
            <RunControls onOpenTab={props.onOpenTab} />
            <SettingsForm />
            <RunList />
          </aside>
          <section className="train-main" aria-label="Charts">
            <RunBanner onOpenTab={props.onOpenTab} />
            <ChartsPanel />
          </section>
        </div>
      )}
    </section>
  );
}
