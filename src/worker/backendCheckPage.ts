/**
 * Entry of backend-check.html, the page e2e/backend.spec.ts drives: exposes checkBackend (a
 * seeded tiny model trained through the real worker on one backend) to the test, and marks the
 * page ready once the module has loaded.
 */
import { checkBackend } from './backendCheck';

declare global {
  interface Window {
    dbmtlBackendCheck?: typeof checkBackend;
  }
}

window.dbmtlBackendCheck = checkBackend;
document.body.dataset.ready = 'true';
