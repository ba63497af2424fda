/**
 * Deterministic hashing of id strings into buckets.
 *
 * The hash is FNV-1a, 32-bit (offset basis 2166136261, prime 16777619), over the UTF-8 bytes
 * of the string, and the bucket is `hash mod buckets`. It is not the hash EasyRec uses
 * (TensorFlow's `string_to_hash_bucket_fast`, a 64-bit FarmHash fingerprint), so bucket
 * numbers differ from a model trained by EasyRec; what matters here is that the browser, the
 * worker and Node agree, run after run.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a 32-bit of the UTF-8 encoding of `text`, as an unsigned integer. */
export function fnv1a32(text: string): number {
  let hash = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    let code = text.charCodeAt(i);
    // Encode to UTF-8 on the fly: no TextEncoder allocation per id.
    if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = 0x10000 + ((code - 0xd800) << 10) + (low - 0xdc00);
        i++;
      }
    }
    if (code < 0x80) {
      hash = Math.imul(hash ^ code, FNV_PRIME);
    } else if (code < 0x800) {
      hash = Math.imul(hash ^ (0xc0 | (code >> 6)), FNV_PRIME);
      hash = Math.imul(hash ^ (0x80 | (code & 0x3f)), FNV_PRIME);
    } else if (code < 0x10000) {
      hash = Math.imul(hash ^ (0xe0 | (code >> 12)), FNV_PRIME);
      hash = Math.imul(hash ^ (0x80 | ((code >> 6) & 0x3f)), FNV_PRIME);
      hash = Math.imul(hash ^ (0x80 | (code & 0x3f)), FNV_PRIME);
    } else {
      hash = Math.imul(hash ^ (0xf0 | (code >> 18)), FNV_PRIME);
      hash = Math.imul(hash ^ (0x80 | ((code >> 12) & 0x3f)), FNV_PRIME);
      hash = Math.imul(hash ^ (0x80 | ((code >> 6) & 0x3f)), FNV_PRIME);
      hash = Math.imul(hash ^ (0x80 | (code & 0x3f)), FNV_PRIME);
    }
  }
  return hash >>> 0;
}

/** The bucket of `text` among `buckets` (> 0). */
export function hashBucket(text: string, buckets: number): number {
  return fnv1a32(text) % buckets;
}

/** A well-mixed 32-bit hash of two integers (seed, index): used for seeded per-row choices. */
export function mix32(seed: number, index: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ index;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}
