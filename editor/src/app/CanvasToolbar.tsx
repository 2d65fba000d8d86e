import { useGraphStore } from '../stores/graph-store';
import { fitView } from '../canvas/flow-instance';

/** Undo/redo and auto-layout, floating over the canvas (fit view is in the canvas controls, and F). */
export function CanvasToolbar() {
  const canUndo = useGraphStore((s) => s.past.length > 0);
  const canRedo = useGraphStore((s) => s.future.length > 0);
  const g = useGraphStore.getState;
  return (
    <div className="canvas-toolbar">
      <button className="tool" disabled={!canUndo} onClick={() => g().undo()} title="Undo (Ctrl+Z)" aria-label="Undo">
        ↶
      </button>
      <button className="tool" disabled={!canRedo} onClick={() => g().redo()} title="Redo (Ctrl+Shift+Z)" aria-label="Redo">
        ↷
      </button>
      <span className="tool-sep" />
      <button
        className="tool"
        onClick={() => {
          g().autoLayout();
          setTimeout(() => fitView(), 30);
        }}
        title="Auto-layout (L)"
        aria-label="Auto-layout"
      >
        ⇶
      </button>
    </div>
  );
}
