/**
 * Test helpers: compare two configs the way EasyRec sees them, field by field, with every
 * absent scalar that has a proto default filled in (so `use_bn: true` written and left out
 * compare equal, as they do for EasyRec).
 */
import { readTextFormat } from '../textproto';
import { decodeMessage } from './decode';
import type { ReportEntry } from './report';
import { SCHEMA, type FieldSpec } from './schema';

/** Decodes config text; throws if the decoder reports anything at all. */
export function decodeStrict(text: string): Record<string, unknown> {
  const report: ReportEntry[] = [];
  const config = decodeMessage(readTextFormat(text), 'EasyRecConfig', '', report);
  if (report.length > 0) throw new Error(`decode reported: ${JSON.stringify(report)}`);
  return config;
}

/** proto2's defaults for scalars that declare none (enums default to their first value). */
const IMPLICIT: Partial<Record<FieldSpec['kind'], string | number | boolean>> = {
  string: '',
  bool: false,
  int32: 0,
  uint32: 0,
  int64: 0,
  uint64: 0,
  float: 0,
  double: 0,
};

/** A deep copy with proto defaults (declared or implicit) filled into every message present. */
export function withDefaults(
  message: Record<string, unknown>,
  type: string,
): Record<string, unknown> {
  const spec = SCHEMA[type];
  if (!spec) return message;
  const out: Record<string, unknown> = {};
  for (const fs of spec.fields) {
    const value = message[fs.name];
    if (value === undefined) {
      const implicit = IMPLICIT[fs.kind];
      if (fs.label !== 'repeated' && !fs.oneof && (fs.default ?? implicit) !== undefined) {
        out[fs.name] = fs.default ?? implicit;
      }
      continue;
    }
    const fill = (v: unknown) =>
      fs.kind === 'message' ? withDefaults(v as Record<string, unknown>, fs.type as string) : v;
    out[fs.name] = Array.isArray(value) ? value.map(fill) : fill(value);
  }
  return out;
}

/** Both texts decoded, with defaults filled, ready for `toEqual`. */
export function equivalentForm(text: string): Record<string, unknown> {
  return withDefaults(decodeStrict(text), 'EasyRecConfig');
}
