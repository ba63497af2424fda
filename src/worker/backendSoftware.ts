/**
 * Recognises GPUs that are emulated on the CPU (SwiftShader, llvmpipe). Browsers without a
 * usable GPU still offer WebGPU and WebGL through them, and there they are slower than the
 * WASM backend (TOOLCHAIN.md, SwiftShader: WASM 3.2–3.7 steps/s, WebGL 2.0, WebGPU 0.3), so
 * `auto` skips them and says why. A forced choice still uses them.
 */

/** The parts of a GPUAdapter read here (older Chromium put isFallbackAdapter on the adapter). */
export interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { isFallbackAdapter?: boolean; architecture?: string; vendor?: string };
}

export interface GpuNavigator {
  gpu?: { requestAdapter: () => Promise<unknown> };
}

const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software/i;

/** Why a WebGPU adapter is a software fallback, or null for a real GPU. */
export function softwareWebGpu(adapter: unknown): string | null {
  const a = adapter as AdapterLike;
  const architecture = a.info?.architecture ?? '';
  const fallback =
    a.info?.isFallbackAdapter === true ||
    a.isFallbackAdapter === true ||
    SOFTWARE_RENDERER.test(architecture);
  if (!fallback) return null;
  const name = SOFTWARE_RENDERER.test(architecture) ? architecture : 'software';
  const label = name.toLowerCase() === 'swiftshader' ? 'SwiftShader' : name;
  return `WebGPU adapter is a software fallback (${label}): slower than WASM here; pick WebGPU explicitly to use it.`;
}

/** Why a WebGL renderer runs on the CPU, or null (also null when the renderer is unknown). */
export function softwareWebGl(renderer: string | null): string | null {
  if (!renderer || !SOFTWARE_RENDERER.test(renderer)) return null;
  return `WebGL renders in software (${renderer}): slower than WASM here; pick WebGL explicitly to use it.`;
}

const UNMASKED_RENDERER_WEBGL = 0x9246;

/** The WebGL renderer string of this context (worker or page), or null if none can be read. */
export function webGlRenderer(): string | null {
  try {
    const g = globalThis as {
      OffscreenCanvas?: new (w: number, h: number) => { getContext: (k: string) => unknown };
    };
    if (!g.OffscreenCanvas) return null;
    const gl = new g.OffscreenCanvas(1, 1).getContext('webgl2') as WebGL2RenderingContext | null;
    if (!gl) return null;
    const debug = gl.getExtension('WEBGL_debug_renderer_info');
    const renderer = debug
      ? gl.getParameter(UNMASKED_RENDERER_WEBGL)
      : gl.getParameter(gl.RENDERER);
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return typeof renderer === 'string' ? renderer : null;
  } catch {
    return null;
  }
}
