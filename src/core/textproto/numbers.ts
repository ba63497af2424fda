/**
 * Reading number tokens once the schema says what the field holds. Integers follow protoc:
 * decimal, `0x` hex and leading-zero octal; a float literal is no integer. Floats accept
 * integers too, an `f` suffix, and the words `inf`, `infinity` and `nan` in any case.
 */

/** The integer a number token denotes, or null when the token is not an integer. */
export function parseIntegerText(text: string): bigint | null {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  let value: bigint;
  if (/^0[xX][0-9a-fA-F]+$/.test(body)) value = BigInt(body);
  else if (/^0[0-7]+$/.test(body)) value = BigInt(`0o${body.slice(1)}`);
  else if (/^(0|[1-9][0-9]*)$/.test(body)) value = BigInt(body);
  else return null;
  return negative ? -value : value;
}

/** The float a number or identifier token denotes, or null. */
export function parseFloatText(text: string): number | null {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  let value: number;
  if (/^(inf|infinity)$/i.test(body)) value = Infinity;
  else if (/^nan$/i.test(body)) value = NaN;
  else if (/^0[xX]|^0[0-7]+$/.test(body)) {
    const integer = parseIntegerText(body);
    if (integer === null) return null;
    value = Number(integer);
  } else if (/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[fF]?$/.test(body)) {
    value = Number(body.replace(/[fF]$/, ''));
  } else return null;
  return negative ? -value : value;
}
