import { defineConfig } from '@playwright/test';

/** Debian's Chromium: Playwright cannot download browsers on this project's machines. */
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/lib/chromium/chromium';
/** The preview server's port; set PW_PORT to run beside another preview server. */
const port = Number(process.env.PW_PORT ?? 4173);

export default defineConfig({
  testDir: 'e2e',
  timeout: 120_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    baseURL: `http://localhost:${port}`,
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath,
      args: ['--enable-unsafe-webgpu', '--disable-quic'],
    },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: `npx vite preview --port ${port} --strictPort`,
    url: `http://localhost:${port}`,
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});
