export { TextFormatError, type Position, type TextFormatErrorCode } from './errors';
export { tokenize, type Token } from './tokenizer';
export { readTextFormat } from './reader';
export type { TextField, TextMessage, TextScalar, TextValue } from './tree';
export {
  formatFloat,
  formatString,
  writeTextFormat,
  type OutField,
  type OutValue,
  type StringFormatOptions,
} from './writer';
export { parseFloatText, parseIntegerText } from './numbers';
