/** The app shell: toolbar on top, palette and list left, the task graph, the side panel. */
import { useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { GraphCanvas } from './canvas/GraphCanvas';
import { NoticeBar } from './shell/NoticeBar';
import { Palette } from './shell/Palette';
import { SidePanel, type Tab } from './shell/SidePanel';
import { Toolbar } from './shell/Toolbar';
import { TrainDock } from './train/TrainDock';
import { useUndoShortcuts } from './shell/useUndoShortcuts';

export function App() {
  const [tab, setTab] = useState<Tab>('Inspector');
  useUndoShortcuts();
  return (
    <ReactFlowProvider>
      <div className="app">
        <Toolbar />
        <NoticeBar />
        <main className="workspace">
          <Palette />
          <GraphCanvas />
          <SidePanel tab={tab} onTab={setTab} />
        </main>
        <TrainDock onOpenTab={setTab} />
      </div>
    </ReactFlowProvider>
  );
}
