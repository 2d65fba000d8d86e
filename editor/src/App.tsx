import { useEffect } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { Canvas } from './canvas/Canvas';
import { CanvasToolbar } from './app/CanvasToolbar';
import { TopBar } from './app/TopBar';
import { AlertBell } from './alerts/AlertBell';
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
  useEffect(() => {
    void initSession();
  }, []);
  return (
    <ReactFlowProvider>
      <div className="app">
        <TopBar status={<AlertBell />} />
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
        </div>
        <Dialogs />
        <PlannerLayer />
        <ConnectMenu />
      </div>
    </ReactFlowProvider>
  );
}
