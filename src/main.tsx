import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '@xyflow/react/dist/base.css';
import './ui/styles.css';
import { projectStore } from './store/projectStore';
import { hydrateStore, startAutosave } from './store/persist';
import { App } from './ui/App';

/** Browser storage, or null where the browser refuses access to it. */
function browserStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const storage = browserStorage();
hydrateStore(projectStore, storage);
if (storage) {
  const autosave = startAutosave(projectStore, storage);
  // Write a change made in the last few hundred milliseconds before the page goes away.
  window.addEventListener('pagehide', autosave.flush);
}

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}
