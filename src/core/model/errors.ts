/** Errors the model and trainer raise for users: a code, a sentence, and where. */
export type ModelErrorCode =
  | 'ACTIVATION_UNSUPPORTED'
  | 'LOSS_UNSUPPORTED'
  | 'NUM_CLASS_INVALID'
  | 'RELATION_UNKNOWN'
  | 'RELATION_CYCLE'
  | 'NO_TASKS'
  | 'NO_INPUTS'
  | 'LABEL_MISSING'
  | 'GROUP_MISSING'
  | 'SAMPLE_WEIGHT_MISSING'
  | 'INPUTS_MISMATCH'
  | 'WEIGHTS_MISMATCH'
  | 'EXPERTS_INVALID'
  | 'SETTINGS_INVALID'
  | 'LOSS_NOT_FINITE';

export class ModelError extends Error {
  constructor(
    readonly code: ModelErrorCode,
    message: string,
    /** Where: a task, a field (`bottomDnn.activation`), a feature or a step. */
    readonly where: string,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}
