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

export function App() {
  useShortcuts();
  const view = useUiStore((s) => s.view);
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
            </>
          }
        />
        <div className="workspace">
          <Palette />
          <main className="center">
            <PlanSummary />
            <div className="canvas-area">
              <Canvas />
              <CanvasToolbar />
              <ApprovalTray />
              <Toasts />
            </div>
            <BottomDock />
          </main>
          <Inspector />
          {/* Over the workspace, which stays mounted (canvas viewport, open graph). */}
          {view === 'automations' && <AutomationsView />}
        </div>
        <Dialogs />
        <PlannerLayer />
        <ConnectMenu />
      </div>
    </ReactFlowProvider>
  );
}
