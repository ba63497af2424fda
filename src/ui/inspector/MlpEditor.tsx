/** Edits one MLP (EasyRec's DNN: dense → batch norm → activation → dropout per layer). */
import { mlp as defaultMlp } from '../../core/project/defaults';
import { ACTIVATIONS, type Mlp } from '../../core/project/types';
import { CheckboxField, NumberListField, SelectField } from './fields';

export function MlpEditor(props: {
  title: string;
  value: Mlp | null;
  onChange: (value: Mlp | null, coalesceKey?: string) => void;
  /** Layers used when the user switches from identity back to an MLP. */
  defaultUnits: number[];
  noneLabel: string;
  hint?: string;
  testId?: string;
  /** The project field of this MLP (`dnn`, `model.bottomDnn`), for focusing from a problem. */
  field: string;
}) {
  const { value, onChange } = props;
  const layers = value?.hiddenUnits.length ?? 0;
  return (
    <fieldset className="mlp" data-testid={props.testId} data-field={props.field}>
      <legend>{props.title}</legend>
      {props.hint && <p className="field__hint">{props.hint}</p>}
      <CheckboxField
        label={props.noneLabel}
        checked={value === null}
        onChange={(none) => onChange(none ? null : defaultMlp(props.defaultUnits))}
      />
      {value && (
        <>
          <NumberListField
            label="Hidden units"
            value={value.hiddenUnits}
            rule={{ integer: true, min: 1 }}
            unit="per layer"
            placeholder="128, 96, 64"
            hint="Layer widths from input to output, separated by commas."
            field={`${props.field}.hiddenUnits`}
            onChange={(hiddenUnits, key) => onChange({ ...value, hiddenUnits }, key)}
            testId={props.testId && `${props.testId}-units`}
          />
          <NumberListField
            label="Dropout ratios"
            value={value.dropoutRatio}
            rule={{ min: 0, below: 1 }}
            allowEmpty
            placeholder="none"
            field={`${props.field}.dropoutRatio`}
            hint={`Empty for no dropout, else one ratio in [0, 1) per layer (${layers}).`}
            onChange={(dropoutRatio, key) => onChange({ ...value, dropoutRatio }, key)}
          />
          <div className="field-row">
            <SelectField
              label="Activation"
              value={value.activation}
              options={ACTIVATIONS}
              onChange={(activation) => onChange({ ...value, activation })}
            />
            <CheckboxField
              label="Batch norm"
              checked={value.useBn}
              onChange={(useBn) => onChange({ ...value, useBn })}
            />
          </div>
        </>
      )}
    </fieldset>
  );
}
