/**
 * Encodes wire objects to text format through the schema: fields in the schema's order,
 * numeric repeated fields as one-line lists, floats as Python writes them, strings escaped
 * so protoc reads back the same UTF-8. A value the schema cannot hold is a bug in the
 * exporter, so it throws rather than writing a file EasyRec would refuse.
 */
import {
  formatFloat,
  formatString,
  writeTextFormat,
  type OutField,
  type OutValue,
  type StringFormatOptions,
  type TextMessage,
  type TextValue,
} from '../textproto';
import { ENUMS, messageSpec, type FieldSpec } from './schema';
import type { EasyRecConfig } from './wire';

/** The text of a whole pipeline.config. */
export function writeConfig(config: EasyRecConfig, options: StringFormatOptions = {}): string {
  return writeTextFormat(
    encodeMessage(config as Record<string, unknown>, 'EasyRecConfig', options),
  );
}

export function encodeMessage(
  message: Record<string, unknown>,
  type: string,
  options: StringFormatOptions = {},
): OutField[] {
  const out: OutField[] = [];
  for (const fs of messageSpec(type).fields) {
    const value = message[fs.name];
    if (value === undefined) continue;
    if (fs.label === 'repeated') {
      if (!Array.isArray(value)) throw new Error(`${type}.${fs.name} must be a list`);
      if (value.length === 0) continue;
      const numeric = !['string', 'bool', 'enum', 'message', 'opaque'].includes(fs.kind);
      out.push({
        name: fs.name,
        values: value.map((v) => encodeValue(v, fs, type, options, numeric)),
        ...(numeric ? { list: true } : {}),
      });
    } else {
      out.push({ name: fs.name, values: [encodeValue(value, fs, type, options, false)] });
    }
  }
  return out;
}

function encodeValue(
  value: unknown,
  fs: FieldSpec,
  type: string,
  options: StringFormatOptions,
  inList: boolean,
): OutValue {
  const fail = (): never => {
    throw new Error(`${type}.${fs.name}: cannot write ${JSON.stringify(value)} as ${fs.kind}`);
  };
  const scalar = (text: string): OutValue => ({ kind: 'scalar', text });
  switch (fs.kind) {
    case 'message':
      if (typeof value !== 'object' || value === null) fail();
      return {
        kind: 'message',
        fields: encodeMessage(value as Record<string, unknown>, fs.type as string, options),
      };
    case 'opaque':
      return { kind: 'message', fields: rawFields(value as TextMessage, options) };
    case 'string':
      return typeof value === 'string' ? scalar(formatString(value, options)) : fail();
    case 'bool':
      return typeof value === 'boolean' ? scalar(String(value)) : fail();
    case 'enum':
      return typeof value === 'string' && value in (ENUMS[fs.type as string] ?? {})
        ? scalar(value)
        : fail();
    case 'float':
    case 'double':
      return typeof value === 'number' ? scalar(formatFloat(value, inList)) : fail();
    default:
      return typeof value === 'number' && Number.isSafeInteger(value)
        ? scalar(String(value))
        : fail();
  }
}

/** A raw tree written back as it was read (for message types the app keeps opaque). */
function rawFields(message: TextMessage, options: StringFormatOptions): OutField[] {
  const raw = (value: TextValue): OutValue => {
    if (value.kind === 'message') return { kind: 'message', fields: rawFields(value, options) };
    if (value.kind === 'string')
      return { kind: 'scalar', text: formatString(value.value, options) };
    return { kind: 'scalar', text: value.text };
  };
  return message.fields.map((f) => ({ name: f.name, values: [raw(f.value)] }));
}
