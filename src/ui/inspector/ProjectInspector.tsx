/** With no task selected: the model-wide settings, then data and training settings. */
import {
  LOSS_WEIGHT_STRATEGIES,
  type DataSettings,
  type LearningRate,
  type ModelSettings,
  type TrainSettings,
} from '../../core/project/types';
import { projectStore, useProjectStore } from '../../store/projectStore';
import { CheckboxField, NumberField, Section, SelectField, TextField } from './fields';
import { MlpEditor } from './MlpEditor';

const opts = (key?: string) => (key ? { coalesceKey: key } : {});
const model = (patch: Partial<ModelSettings>, key?: string) =>
  projectStore.getState().apply({ type: 'updateModel', patch }, opts(key));
const data = (patch: Partial<DataSettings>, key?: string) =>
  projectStore.getState().apply({ type: 'updateData', patch }, opts(key));
const train = (patch: Partial<TrainSettings>, key?: string) =>
  projectStore.getState().apply({ type: 'updateTrain', patch }, opts(key));

export function ProjectInspector() {
  const m = useProjectStore((s) => s.project.model);
  const d = useProjectStore((s) => s.project.data);
  const t = useProjectStore((s) => s.project.train);
  const taskCount = useProjectStore((s) => s.project.tasks.length);
  const lr = t.learningRate;
  const setLr = (learningRate: LearningRate, key?: string) => train({ learningRate }, key);

  return (
    <div className="inspector" data-testid="project-inspector">
      <div className="inspector__title">
        <h2>Model</h2>
        <span className="muted">{taskCount} tasks · select a task to edit it</span>
      </div>

      <Section title="Shared layers">
        <MlpEditor
          title="Bottom MLP"
          value={m.bottomDnn}
          defaultUnits={[512, 256]}
          noneLabel="None (tasks read the input features directly)"
          hint="bottom_dnn over the concatenated input features, shared by every task."
          testId="bottom-mlp"
          field="model.bottomDnn"
          onChange={(bottomDnn, key) => model({ bottomDnn }, key)}
        />
        <MlpEditor
          title="Experts (MMoE)"
          value={m.expertDnn}
          defaultUnits={[256, 128]}
          noneLabel="No experts"
          field="model.expertDnn"
          hint="expert_dnn: each expert reads the bottom; each task mixes them with its own gate."
          onChange={(expertDnn, key) =>
            model(expertDnn && m.numExpert === 0 ? { expertDnn, numExpert: 4 } : { expertDnn }, key)
          }
        />
        {m.expertDnn && (
          <NumberField
            label="Number of experts"
            value={m.numExpert}
            rule={{ integer: true, min: 0 }}
            field="model.numExpert"
            onChange={(numExpert, key) => model({ numExpert }, key)}
          />
        )}
      </Section>

      <Section title="Regularisation and loss">
        <div className="field-row">
          <NumberField
            label="L2 regularisation"
            value={m.l2Regularization}
            rule={{ min: 0 }}
            field="model.l2Regularization"
            hint="× ½‖W‖² over dense kernels."
            onChange={(l2Regularization, key) => model({ l2Regularization }, key)}
          />
          <NumberField
            label="Embedding regularisation"
            value={m.embeddingRegularization}
            rule={{ min: 0 }}
            field="model.embeddingRegularization"
            hint="× ½‖E‖² over looked-up rows."
            onChange={(embeddingRegularization, key) => model({ embeddingRegularization }, key)}
          />
        </div>
        <SelectField
          label="Loss weight strategy"
          value={m.lossWeightStrategy}
          options={LOSS_WEIGHT_STRATEGIES}
          hint="Fixed uses each task's loss weight as is."
          onChange={(lossWeightStrategy) => model({ lossWeightStrategy })}
        />
      </Section>

      <Section title="Data">
        <TextField
          label="Train input"
          value={d.trainInputPath}
          onChange={(trainInputPath, key) => data({ trainInputPath }, key)}
        />
        <TextField
          label="Eval input"
          value={d.evalInputPath}
          onChange={(evalInputPath, key) => data({ evalInputPath }, key)}
        />
        <div className="field-row">
          <TextField
            label="Separator"
            value={d.separator}
            hint="Column separator, e.g. , or a tab."
            field="data.separator"
            onChange={(separator, key) => data({ separator }, key)}
          />
          <CheckboxField
            label="Header row"
            checked={d.withHeader}
            onChange={(withHeader) => data({ withHeader })}
          />
        </div>
        <div className="field-row">
          <NumberField
            label="Batch size"
            value={d.batchSize}
            rule={{ integer: true, min: 1 }}
            unit="rows"
            field="data.batchSize"
            onChange={(batchSize, key) => data({ batchSize }, key)}
          />
          <NumberField
            label="Eval batch size"
            value={d.evalBatchSize}
            rule={{ integer: true, min: 1 }}
            unit="rows"
            onChange={(evalBatchSize, key) => data({ evalBatchSize }, key)}
          />
        </div>
        <div className="field-row">
          <NumberField
            label="Epochs"
            value={d.numEpochs}
            rule={{ integer: true, min: 0 }}
            hint="0: until the step limit."
            onChange={(numEpochs, key) => data({ numEpochs }, key)}
          />
          <CheckboxField
            label="Shuffle"
            checked={d.shuffle}
            onChange={(shuffle) => data({ shuffle })}
          />
        </div>
        <TextField
          label="Sample-weight column"
          value={d.sampleWeight}
          list="input-columns"
          placeholder="none"
          field="data.sampleWeight"
          onChange={(sampleWeight, key) => data({ sampleWeight }, key)}
        />
      </Section>

      <Section title="Training">
        <SelectField
          label="Learning rate schedule"
          value={lr.kind}
          options={[
            { value: 'constant', label: 'Constant' },
            { value: 'exponential', label: 'Exponential decay' },
          ]}
          onChange={(kind) => {
            const base = lr.kind === 'constant' ? lr.learningRate : lr.initialLearningRate;
            setLr(
              kind === 'constant'
                ? { kind, learningRate: base }
                : {
                    kind,
                    initialLearningRate: base,
                    decaySteps: 1000,
                    decayFactor: 0.5,
                    staircase: true,
                    minLearningRate: 1e-7,
                  },
            );
          }}
        />
        {lr.kind === 'constant' ? (
          <NumberField
            label="Learning rate"
            value={lr.learningRate}
            rule={{ above: 0 }}
            testId="learning-rate"
            field="train.learningRate"
            onChange={(learningRate, key) => setLr({ ...lr, learningRate }, key)}
          />
        ) : (
          <>
            <div className="field-row">
              <NumberField
                label="Initial learning rate"
                value={lr.initialLearningRate}
                field="train.learningRate"
                rule={{ above: 0 }}
                onChange={(v, key) => setLr({ ...lr, initialLearningRate: v }, key)}
              />
              <NumberField
                label="Minimum learning rate"
                value={lr.minLearningRate}
                rule={{ min: 0 }}
                onChange={(v, key) => setLr({ ...lr, minLearningRate: v }, key)}
              />
            </div>
            <div className="field-row">
              <NumberField
                label="Decay steps"
                value={lr.decaySteps}
                rule={{ integer: true, min: 1 }}
                unit="steps"
                onChange={(v, key) => setLr({ ...lr, decaySteps: v }, key)}
              />
              <NumberField
                label="Decay factor"
                value={lr.decayFactor}
                rule={{ above: 0, max: 1 }}
                unit="×"
                onChange={(v, key) => setLr({ ...lr, decayFactor: v }, key)}
              />
            </div>
            <CheckboxField
              label="Staircase"
              checked={lr.staircase}
              hint="Decay in whole steps of decay_steps."
              onChange={(staircase) => setLr({ ...lr, staircase })}
            />
          </>
        )}
        <div className="field-row">
          <NumberField
            label="Adam β1"
            value={t.beta1}
            rule={{ min: 0, below: 1 }}
            onChange={(beta1, key) => train({ beta1 }, key)}
          />
          <NumberField
            label="Adam β2"
            value={t.beta2}
            rule={{ min: 0, below: 1 }}
            onChange={(beta2, key) => train({ beta2 }, key)}
          />
        </div>
        <div className="field-row">
          <NumberField
            label="Steps"
            value={t.numSteps}
            rule={{ integer: true, min: 0 }}
            unit="steps"
            hint="0: until the epochs end."
            onChange={(numSteps, key) => train({ numSteps }, key)}
          />
          <NumberField
            label="Seed"
            value={t.seed}
            rule={{ integer: true, min: 0 }}
            hint="Initialisation, shuffling, split."
            onChange={(seed, key) => train({ seed }, key)}
          />
        </div>
        <div className="field-row">
          <NumberField
            label="Gradient clip norm"
            value={t.gradientClippingByNorm}
            rule={{ min: 0 }}
            hint="0: no clipping."
            onChange={(gradientClippingByNorm, key) => train({ gradientClippingByNorm }, key)}
          />
          <NumberField
            label="Checkpoint every"
            value={t.saveCheckpointsSteps}
            rule={{ integer: true, min: 0 }}
            unit="steps"
            onChange={(saveCheckpointsSteps, key) => train({ saveCheckpointsSteps }, key)}
          />
        </div>
        <NumberField
          label="Log every"
          value={t.logStepCountSteps}
          rule={{ integer: true, min: 0 }}
          unit="steps"
          onChange={(logStepCountSteps, key) => train({ logStepCountSteps }, key)}
        />
        <TextField
          label="Model dir"
          value={t.modelDir}
          onChange={(modelDir, key) => train({ modelDir }, key)}
        />
      </Section>
    </div>
  );
}
