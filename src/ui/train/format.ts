/** Text for the dashboard's numbers: durations, rates, phases, backend reasons. */
import type { RunPhase } from '../../store/runStore';
import type { SkippedBackend } from '../../worker/protocol';

export const BACKEND_TITLES = {
  webgpu: 'WebGPU',
  webgl: 'WebGL',
  wasm: 'WASM',
  cpu: 'CPU',
} as const;

export const PHASE_TEXT: Record<RunPhase, string> = {
  'selecting-backend': 'choosing backend…',
  compiling: 'compiling…',
  training: 'training',
  paused: 'paused',
  stopping: 'stopping…',
  finished: 'finished',
  stopped: 'stopped',
  error: 'failed',
};

/** "1 h 02 min", "3 min 05 s", "42 s". */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

export function formatRate(samplesPerSecond: number): string {
  if (!Number.isFinite(samplesPerSecond)) return '–';
  return samplesPerSecond >= 100
    ? Math.round(samplesPerSecond).toLocaleString('en')
    : samplesPerSecond.toFixed(1);
}

/** Seconds left at the measured rate. */
export function secondsLeft(
  step: number,
  totalSteps: number,
  samplesPerSecond: number,
  batchSize: number,
): number {
  if (!Number.isFinite(totalSteps) || !(samplesPerSecond > 0)) return NaN;
  return ((totalSteps - step) * batchSize) / samplesPerSecond;
}

/**
 * "WebGPU unavailable: no adapter. WebGL skipped: …" for the backends tried before. A backend
 * that works but was passed over by `auto` (a software GPU, worker/backendSoftware.ts, whose
 * reason ends by inviting an explicit pick) is "skipped", not "unavailable".
 */
export function skippedText(skipped: readonly SkippedBackend[]): string {
  return skipped
    .map((s) => {
      const verb = /explicitly to use it/.test(s.reason) ? 'skipped' : 'unavailable';
      return `${BACKEND_TITLES[s.backend]} ${verb}: ${s.reason.replace(/\.$/, '')}`;
    })
    .join('. ');
}

/** A skipped backend's reason in two or three words, for the one-line backend summary. */
export function shortReason(reason: string): string {
  if (/software fallback/i.test(reason)) return 'software adapter';
  if (/renders in software/i.test(reason)) return 'software renderer';
  if (/no navigator\.gpu/i.test(reason)) return 'not in this browser';
  if (/no adapter/i.test(reason)) return 'no adapter';
  if (/OffscreenCanvas/i.test(reason)) return 'no OffscreenCanvas';
  if (/self-test/i.test(reason)) return 'failed its self-test';
  return 'unavailable';
}

/**
 * The backend in one short line: "WASM (WebGPU: software adapter, WebGL: software renderer)";
 * the full reasons go in a tooltip and an expander (`skippedText`).
 */
export function backendSummary(backend: string, skipped: readonly SkippedBackend[]): string {
  if (skipped.length === 0) return backend;
  const why = skipped.map((s) => `${BACKEND_TITLES[s.backend]}: ${shortReason(s.reason)}`);
  return `${backend} (${why.join(', ')})`;
}
