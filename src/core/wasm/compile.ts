/**
 * kernels.wat → WebAssembly bytes with wabt (a dev dependency: the app ships the compiled
 * bytes, kernelsBinary.ts). Shared by the build script and the test that checks the committed
 * bytes are this source's.
 */
import wabtInit from 'wabt';

export async function compileKernels(source: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat('kernels.wat', source, { simd: true, bulk_memory: true });
  try {
    module.validate();
    return module.toBinary({}).buffer;
  } finally {
    module.destroy();
  }
}
