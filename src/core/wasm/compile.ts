/**
 * kernels.wat → WebAssembly bytes with wabt (a dev dependency: the app ships the compiled
 * bytes, kernelsBinary.ts). Shared by the build script and the test that checks the committed
 * bytes are this source's.
 *
 * Two variants: the module imports tfjs's memory, which is a plain memory for tfjs's
 * single-threaded build and a shared one for its threaded build (what tfjs loads on a
 * cross-origin-isolated page); an import must say which, so each gets its own binary.
 */
import wabtInit from 'wabt';

const PLAIN_IMPORT = '(import "env" "memory" (memory 0))';
const SHARED_IMPORT = '(import "env" "memory" (memory 0 65536 shared))';

export async function compileKernels(source: string, shared = false): Promise<Uint8Array> {
  if (!source.includes(PLAIN_IMPORT)) throw new Error(`kernels.wat must import ${PLAIN_IMPORT}`);
  const text = shared ? source.replace(PLAIN_IMPORT, SHARED_IMPORT) : source;
  const wabt = await wabtInit();
  const module = wabt.parseWat('kernels.wat', text, {
    simd: true,
    bulk_memory: true,
    threads: shared,
  });
  try {
    // wabt's validator rejects shared memories whatever the features (1.0.39); the engine's
    // own validation below checks both variants instead.
    if (!shared) module.validate();
    const bytes = new Uint8Array(module.toBinary({}).buffer);
    if (!WebAssembly.validate(bytes))
      throw new Error('kernels.wat does not compile to valid WebAssembly');
    return bytes;
  } finally {
    module.destroy();
  }
}
