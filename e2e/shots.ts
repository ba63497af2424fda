/** Where e2e screenshots go: SHOTS_DIR, or beside Playwright's own output. */
export const SHOTS_DIR = process.env.SHOTS_DIR ?? 'test-results/shots';
