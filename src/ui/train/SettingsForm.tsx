/**
 * The next run's settings: length (steps or epochs), batch size, learning rate and its
 * schedule, evaluation interval, seed and backend. They belong to the run, not the project:
 * a quick browser run does not rewrite the pipeline.config's production numbers. When a
 * project is opened or imported (or its train_config edited) the length, batch size and
 * learning rate follow its config ("from the config") until the user edits them here.
 */
import type { LearningRate } from '../../core/project/types';
import { isActive, runStore, useRunStore, type RunSettings } from '../../store/runStore';
import type { BackendChoice } from '../../worker/protocol';

const BACKEND_OPTIONS: { value: BackendChoice; label: string }[] = [
  { value: 'auto', label: 'Auto (WebGPU → WebGL → WASM → CPU)' },
  { value: 'webgpu', label: 'WebGPU' },
  { value: 'webgl', label: 'WebGL' },
  { value: 'wasm', label: 'WASM' },
  { value: 'cpu', label: 'CPU' },
];

function NumberField(props: {
  label: string;
  value: number;
  min: number;
  step?: number;
  disabled: boolean;
  onChange: (value: number) => void;
  testId?: string;
}) {
  return (
    <label className="train-field">
      <span>{props.label}</span>
      <input
        type="number"
        value={props.value}
        min={props.min}
        step={props.step ?? 1}
        disabled={props.disabled}
        data-testid={props.testId}
        onChange={(e) => {
          const v = e.target.valueAsNumber;
          if (Number.isFinite(v) && v >= props.min) props.onChange(v);
        }}
      />
    </label>
  );
}

function initialRate(lr: LearningRate): number {
  return lr.kind === 'constant' ? lr.learningRate : lr.initialLearningRate;
}

export function SettingsForm() {
  const draft = useRunStore((s) => s.draft);
  const origin = useRunStore((s) => s.draftOrigin);
  const locked = useRunStore((s) => s.order.some((id) => isActive(s.runs[id])));
  const set = (patch: Partial<RunSettings>) => runStore.getState().setDraft(patch);
  const lr = draft.learningRate;
  const setRate = (rate: number) =>
    set({
      learningRate:
        lr.kind === 'constant'
          ? { kind: 'constant', learningRate: rate }
          : { ...lr, initialLearningRate: rate },
    });
  const byEpochs = draft.numSteps === 0;

  return (
    <fieldset className="train-settings" disabled={locked} aria-label="Run settings">
      <legend>
        Settings of the next run
        {origin === 'config' && (
          <span
            className="muted train-settings__origin"
            data-testid="settings-origin"
            title="Steps (or epochs), batch size, learning rate and schedule come from the project's train_config; edit them here for this browser run (the config stays as it is)"
          >
            {' '}
            · from the config
          </span>
        )}
      </legend>
      <div className="train-settings__grid">
        <label className="train-field">
          <span>length in</span>
          <select
            value={byEpochs ? 'epochs' : 'steps'}
            onChange={(e) =>
              e.target.value === 'epochs'
                ? set({ numSteps: 0, numEpochs: Math.max(1, draft.numEpochs) })
                : set({ numSteps: Math.max(1, draft.numSteps || 300), numEpochs: 0 })
            }
          >
            <option value="steps">steps</option>
            <option value="epochs">epochs</option>
          </select>
        </label>
        {byEpochs ? (
          <NumberField
            label="epochs"
            value={draft.numEpochs}
            min={1}
            disabled={locked}
            onChange={(v) => set({ numEpochs: v })}
          />
        ) : (
          <NumberField
            label="steps"
            testId="setting-steps"
            value={draft.numSteps}
            min={1}
            disabled={locked}
            onChange={(v) => set({ numSteps: v })}
          />
        )}
        <NumberField
          label="batch size"
          testId="setting-batch"
          value={draft.batchSize}
          min={1}
          disabled={locked}
          onChange={(v) => set({ batchSize: v })}
        />
        <NumberField
          label="learning rate"
          value={initialRate(lr)}
          min={0}
          step={0.0001}
          disabled={locked}
          onChange={setRate}
        />
        <label className="train-field">
          <span>schedule</span>
          <select
            value={lr.kind}
            onChange={(e) =>
              set({
                learningRate:
                  e.target.value === 'constant'
                    ? { kind: 'constant', learningRate: initialRate(lr) }
                    : {
                        kind: 'exponential',
                        initialLearningRate: initialRate(lr),
                        decaySteps: 100,
                        decayFactor: 0.9,
                        staircase: false,
                        minLearningRate: 0,
                      },
              })
            }
          >
            <option value="constant">constant</option>
            <option value="exponential">exponential decay</option>
          </select>
        </label>
        {lr.kind === 'exponential' && (
          <>
            <NumberField
              label="decay steps"
              value={lr.decaySteps}
              min={1}
              disabled={locked}
              onChange={(v) => set({ learningRate: { ...lr, decaySteps: v } })}
            />
            <NumberField
              label="decay factor"
              value={lr.decayFactor}
              min={0}
              step={0.01}
              disabled={locked}
              onChange={(v) => set({ learningRate: { ...lr, decayFactor: v } })}
            />
          </>
        )}
        <NumberField
          label="evaluate every (steps)"
          testId="setting-eval"
          value={draft.evalEverySteps}
          min={0}
          disabled={locked}
          onChange={(v) => set({ evalEverySteps: v })}
        />
        <NumberField
          label="seed"
          value={draft.seed}
          min={0}
          disabled={locked}
          onChange={(v) => set({ seed: v })}
        />
        <label className="train-field is-wide">
          <span>backend</span>
          <select
            data-testid="setting-backend"
            value={draft.backend}
            onChange={(e) => set({ backend: e.target.value as BackendChoice })}
          >
            {BACKEND_OPTIONS.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
      </div>
    </fieldset>
  );
}
