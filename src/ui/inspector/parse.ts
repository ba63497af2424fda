/**
 * Parsing of numeric text typed into the side panel. A field applies a value only when it
 * parses, so the project never holds NaN, Infinity or a value outside the field's rule.
 */

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

export interface NumberRule {
  integer?: boolean;
  min?: number;
  /** Values must be strictly greater than this. */
  above?: number;
  max?: number;
  /** Values must be strictly below this. */
  below?: number;
}

export function parseNumber(text: string, rule: NumberRule = {}): Parsed<number> {
  const trimmed = text.trim();
  if (trimmed === '') return { ok: false, error: 'Enter a number.' };
  const value = Number(trimmed);
  if (!Number.isFinite(value)) return { ok: false, error: `"${trimmed}" is not a number.` };
  if (rule.integer && !Number.isInteger(value))
    return { ok: false, error: 'Enter a whole number.' };
  if (rule.min !== undefined && value < rule.min)
    return { ok: false, error: `Must be at least ${rule.min}.` };
  if (rule.above !== undefined && value <= rule.above)
    return { ok: false, error: `Must be above ${rule.above}.` };
  if (rule.max !== undefined && value > rule.max)
    return { ok: false, error: `Must be at most ${rule.max}.` };
  if (rule.below !== undefined && value >= rule.below)
    return { ok: false, error: `Must be below ${rule.below}.` };
  return { ok: true, value };
}

/** Parses "128, 96, 64" (commas or spaces) into numbers that each pass `rule`. */
export function parseNumberList(
  text: string,
  rule: NumberRule,
  allowEmpty: boolean,
): Parsed<number[]> {
  const parts = text.split(/[\s,]+/).filter((p) => p !== '');
  if (parts.length === 0)
    return allowEmpty ? { ok: true, value: [] } : { ok: false, error: 'Enter at least one value.' };
  const value: number[] = [];
  for (const [i, part] of parts.entries()) {
    const one = parseNumber(part, rule);
    if (!one.ok) return { ok: false, error: `Entry ${i + 1}: ${one.error}` };
    value.push(one.value);
  }
  return { ok: true, value };
}
