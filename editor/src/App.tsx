import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { Canvas } from './canvas/Canvas';
import { CanvasToolbar } from './app/CanvasToolbar';
import { TopBar } from './app/TopBar';
import { AlertBell } from './alerts/AlertBell';
import { AutomationsButton } from './automations/AutomationsButton';
import { AutomationsView } from './automations/AutomationsView';
import { useUiStore } from './stores/ui-store';
import { useShortcuts } from './app/shortcuts';
import { initSession } from './app/init';
import { Palette } from './panels/Palette';
import { Inspector } from './panels/Inspector';
import { BottomDock } from './panels/BottomDock';
import { Dialogs } from './dialogs/Dialogs';
import { PlannerLayer } from './planner/PlanButton';
import { PlanSummary } from './planner/PlanSummary';
import { ApprovalTray } from './approvals/ApprovalTray';
import { Toasts } from './dialogs/Toasts';
import { ConnectMenu } from './connect/ConnectMenu';
import { AccountMenu } from './auth/AccountMenu';
import { AccountView } from './auth/AccountView';
import { ReadOnlyBanner } from './auth/ReadOnlyBanner';
import { useGraphStore } from './stores/graph-store';

export function App() {
  useShortcuts();
  const view = useUiStore((s) => s.view);
  // A graph shared as viewer cannot take new nodes: no palette to drag them from.
  const readOnly = useGraphStore((s) => s.readOnly);
  useEffect(() => {
    void initSession();
  }, []);
  return (
    <ReactFlowProvider>
      <div className="app">
        <TopBar
          status={
            <>
              <AutomationsButton />
              <AlertBell />
              <AccountMenu />
            </>
          }
        />
        <div className="workspace">
          {!readOnly && <Palette />}
          <main className="center">
            <PlanSummary />
            <div className="canvas-area">
              <Canvas />
              <CanvasToolbar />
              <ReadOnlyBanner />
              <ApprovalTray />
              <Toasts />
            </div>
            <BottomDock />
          </main>
          <Inspector />
          {/* Over the workspace, which stays mounted (canvas viewport, open graph). */}
          {view === 'automations' && <AutomationsView />}
          {view === 'account' && <AccountView />}
        </div>
        <Dialogs />
        <PlannerLayer />
        <ConnectMenu />
      </div>
    </ReactFlowProvider>
  );
}
