/**
 * How the Train dock is shown (collapsed, open under the canvas, or filling the workspace)
 * and how its charts are drawn (smoothing, log scale): view choices, kept in the browser,
 * apart from the runs themselves.
 */
import { createStore } from 'zustand/vanilla';
import { createJSONStorage, persist } from 'zustand/middleware';
import { useStore } from 'zustand';

export type DockMode = 'collapsed' | 'open' | 'max';

export interface DockState {
  mode: DockMode;
  /** EMA weight for training curves, 0 (none) to 0.95. */
  smoothing: number;
  logLoss: boolean;
  setMode: (mode: DockMode) => void;
  setSmoothing: (smoothing: number) => void;
  setLogLoss: (logLoss: boolean) => void;
}

export const dockStore = createStore<DockState>()(
  persist(
    (set) => ({
      // Folded at first: the editor keeps the whole height until the user opens the dashboard.
      mode: 'collapsed',
      smoothing: 0.6,
      logLoss: false,
      setMode: (mode) => set({ mode }),
      setSmoothing: (smoothing) => set({ smoothing }),
      setLogLoss: (logLoss) => set({ logLoss }),
    }),
    {
      name: 'dbmtl-studio:train-view',
      storage: createJSONStorage(() => localStorage),
      partialize: ({ mode, smoothing, logLoss }) => ({ mode, smoothing, logLoss }),
    },
  ),
);

export function useDock<T>(selector: (state: DockState) => T): T {
  return useStore(dockStore, selector);
}
