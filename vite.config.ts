import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  plugins: [react()],
  worker: {
    format: 'es',
    // Vite 8's minifier breaks tfjs-wasm's threaded build inside worker bundles
    // (see docs/TOOLCHAIN.md); the worker stays unminified.
    rolldownOptions: { output: { minify: false } },
  },
  build: {
    rolldownOptions: {
      // backend-check.html is a test page for e2e/backend.spec.ts (no UI, not linked).
      input: { main: 'index.html', backendCheck: 'backend-check.html' },
    },
  },
  optimizeDeps: {
    // Crawl the workers too: otherwise Vite finds tfjs only when the first run starts its
    // worker, re-bundles it and reloads the page, which kills that first run under `npm run dev`.
    entries: ['index.html', 'backend-check.html', 'src/worker/*.worker.ts'],
  },
  server: { port: 5173, strictPort: false },
  preview: { port: 4173 },
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
  },
});
