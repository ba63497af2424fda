/**
 * Bytes in, text out: any `Blob`-like source (a browser `File`, Node's `fs.openAsBlob`, an
 * in-memory `Blob`), gunzipped when it starts with the gzip magic bytes `1f 8b` (the name
 * does not matter), decoded as UTF-8 with the BOM removed. Progress counts the bytes of the
 * source as stored (compressed), so it matches the file size the user sees. A UTF-16 file
 * (Excel's "Unicode text") is recognised by its byte-order mark and decoded as UTF-16.
 */

export interface ByteSource {
  readonly size?: number;
  stream(): ReadableStream<Uint8Array>;
}

export interface TextChunks {
  gzip: boolean;
  /** The text encoding used: UTF-8 unless the (decompressed) bytes start with a UTF-16 BOM. */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be';
  chunks: AsyncGenerator<string>;
}

/** Chunks of the source read ahead of the caller (Blob streams give 64 KB chunks). */
const READ_AHEAD_CHUNKS = 8;

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

/** Opens a source as decoded text chunks; `onBytes` receives the running count of bytes read. */
export async function openText(
  source: ByteSource,
  onBytes: (bytesRead: number) => void,
  signal?: AbortSignal,
): Promise<TextChunks> {
  const reader = source.stream().getReader();
  let bytesRead = 0;
  let head: Uint8Array = new Uint8Array(0);
  // Peek until two bytes are known (or the stream ends) to see the magic number.
  while (head.length < 2) {
    const { done, value } = await reader.read();
    if (done) break;
    head = concat(head, value);
  }
  bytesRead += head.length;
  onBytes(bytesRead);
  const gzip = isGzip(head);

  // Reads ahead by a few chunks: the file is read (and inflated) while the caller parses.
  let raw: ReadableStream<Uint8Array> = new ReadableStream<Uint8Array>(
    {
      start(controller) {
        if (head.length > 0) controller.enqueue(head);
      },
      async pull(controller) {
        if (signal?.aborted) {
          await reader.cancel();
          controller.error(signal.reason);
          return;
        }
        const { done, value } = await reader.read();
        if (done) {
          controller.close();
          return;
        }
        bytesRead += value.length;
        onBytes(bytesRead);
        controller.enqueue(value);
      },
      cancel: (reason) => reader.cancel(reason),
    },
    { highWaterMark: READ_AHEAD_CHUNKS },
  );
  if (gzip) {
    raw = raw.pipeThrough(
      new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
    );
  }

  const inflated = raw.getReader();
  // A corrupt gzip stream fails with the decompressor's own words; say what the file is.
  const bytes = {
    read: async () => {
      try {
        return await inflated.read();
      } catch (error) {
        if (!gzip || signal?.aborted) throw error;
        const detail = error instanceof Error ? error.message : String(error);
        throw new Error(
          `it starts like a gzip file, but its compressed data is broken (${detail}); is the download complete?`,
          { cause: error },
        );
      }
    },
  };
  // The byte-order mark decides the encoding; the first chunk is held back to look at it.
  let pending: Uint8Array | null = null;
  let ended = false;
  while (!ended && (pending?.length ?? 0) < 2) {
    const { done, value } = await bytes.read();
    if (done) ended = true;
    else pending = pending ? concat(pending, value) : value;
  }
  const encoding = utf16Of(pending);

  async function* chunks(): AsyncGenerator<string> {
    const decoder = new TextDecoder(encoding);
    let first = true;
    for (;;) {
      const { done, value } =
        pending !== null
          ? { done: false, value: pending }
          : ended
            ? { done: true, value: undefined }
            : await bytes.read();
      pending = null;
      let text = done ? decoder.decode() : decoder.decode(value, { stream: true });
      if (first && text.length > 0) {
        // TextDecoder already drops one BOM; a second (a file saved twice) would glue to a name.
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
      }
      if (text.length > 0) yield text;
      if (done) return;
    }
  }
  return { gzip, encoding, chunks: chunks() };
}

/** The UTF-16 flavour named by a byte-order mark at the start, else UTF-8. */
function utf16Of(bytes: Uint8Array | null): TextChunks['encoding'] {
  if (bytes && bytes.length >= 2) {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
    if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  }
  return 'utf-8';
}
