/**
 * Browser storage for the runs store, shaped as zustand's PersistStorage. zustand's own JSON
 * storage serialises on every change; a run changes a few times per second, so this one keeps
 * the latest value and writes it once per quiet period (and when the page is hidden). When
 * the browser refuses the write for lack of room, the oldest runs' histories are left out
 * until it fits, rather than keeping nothing.
 */
import type { PersistStorage, StorageValue } from 'zustand/middleware';

export const WRITE_DELAY_MS = 1500;

export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function browserStorage(): KeyValueStorage | null {
  try {
    return typeof window === 'undefined' ? null : window.localStorage;
  } catch {
    return null;
  }
}

interface WithRuns {
  runs: Record<string, unknown>;
  order: string[];
}

/** The value with the oldest `drop` runs left out. */
function withoutOldest<S>(value: StorageValue<S>, drop: number): StorageValue<S> {
  const state = value.state as unknown as WithRuns;
  if (!state || !Array.isArray(state.order)) return value;
  const order = state.order.slice(0, Math.max(0, state.order.length - drop));
  const runs = Object.fromEntries(order.map((id) => [id, state.runs[id]]));
  return { ...value, state: { ...state, order, runs } as unknown as S };
}

export function debouncedStorage<S>(
  backing: () => KeyValueStorage | null = browserStorage,
  delayMs = WRITE_DELAY_MS,
): PersistStorage<S> & { flush: () => void } {
  let pending: { name: string; value: StorageValue<S> } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let warned = false;

  const write = () => {
    timer = null;
    const storage = backing();
    if (!pending || !storage) return;
    const { name, value } = pending;
    pending = null;
    const runs = (value.state as unknown as WithRuns)?.order?.length ?? 0;
    for (let drop = 0; drop <= runs; drop++) {
      try {
        storage.setItem(name, JSON.stringify(withoutOldest(value, drop)));
        return;
      } catch (error) {
        if (!warned) console.warn('Runs could not be saved in full in this browser:', error);
        warned = true;
      }
    }
  };

  if (typeof window !== 'undefined') window.addEventListener('pagehide', write);

  return {
    getItem: (name) => {
      try {
        const text = backing()?.getItem(name);
        return text ? (JSON.parse(text) as StorageValue<S>) : null;
      } catch {
        // A broken entry starts the runs list empty instead of failing the app.
        return null;
      }
    },
    setItem: (name, value) => {
      pending = { name, value };
      if (timer === null) timer = setTimeout(write, delayMs);
    },
    removeItem: (name) => {
      pending = null;
      backing()?.removeItem(name);
    },
    flush: () => {
      if (timer !== null) clearTimeout(timer);
      write();
    },
  };
}
