/** Test helpers: byte sources that stream in chosen pieces, and the shared data directory. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { ByteSource } from '../bytes';

/** A source that delivers `bytes` cut at the given offsets (to test chunk boundaries). */
export function piecewiseSource(bytes: Uint8Array, cuts: number[]): ByteSource {
  const offsets = [...new Set([0, ...cuts.filter((c) => c > 0 && c < bytes.length)])].sort(
    (a, b) => a - b,
  );
  return {
    size: bytes.length,
    stream: () => {
      let i = 0;
      return new ReadableStream<Uint8Array>({
        pull(controller) {
          if (i >= offsets.length) {
            controller.close();
            return;
          }
          const start = offsets[i]!;
          const end = offsets[i + 1] ?? bytes.length;
          i++;
          controller.enqueue(bytes.slice(start, end));
        },
      });
    },
  };
}

export function textSource(text: string, cuts: number[] = []): ByteSource {
  return piecewiseSource(new TextEncoder().encode(text), cuts);
}

/** The repository root (this file is src/core/data/testing/sources.ts). */
export const REPO_ROOT = path.resolve(import.meta.dirname, '../../../..');
/** Real sample files live beside the repository, never inside it. */
export const SHARED_DATA = path.resolve(REPO_ROOT, '../shared/data');

export function sharedFile(relative: string): string | null {
  const file = path.join(SHARED_DATA, relative);
  return existsSync(file) ? file : null;
}
