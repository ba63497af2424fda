/**
 * Bytes in, text out: any `Blob`-like source (a browser `File`, Node's `fs.openAsBlob`, an
 * in-memory `Blob`), gunzipped when it starts with the gzip magic bytes `1f 8b` (the name
 * does not matter), decoded as UTF-8 with the BOM removed. Progress counts the bytes of the
 * source as stored (compressed), so it matches the file size the user sees.
 */

export interface ByteSource {
  readonly size?: number;
  stream(): ReadableStream<Uint8Array>;
}

export interface TextChunks {
  gzip: boolean;
  chunks: AsyncGenerator<string>;
}

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

  let raw: ReadableStream<Uint8Array> = new ReadableStream<Uint8Array>({
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
  });
  if (gzip) {
    raw = raw.pipeThrough(
      new DecompressionStream('gzip') as unknown as ReadableWritablePair<Uint8Array, Uint8Array>,
    );
  }

  async function* chunks(): AsyncGenerator<string> {
    const decoder = new TextDecoder('utf-8');
    const bytes = raw.getReader();
    let first = true;
    for (;;) {
      const { done, value } = await bytes.read();
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
  return { gzip, chunks: chunks() };
}
