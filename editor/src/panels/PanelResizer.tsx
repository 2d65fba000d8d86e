import { useRef } from 'react';

/**
 * The draggable left edge of a right-hand panel: drag to resize, arrow keys for 24 px steps,
 * double-click for the default width. The parent clamps and stores the width.
 */
export function PanelResizer({ width, onWidth, defaultWidth, label }: { width: number; onWidth(w: number): void; defaultWidth: number; label: string }) {
  const drag = useRef<{ x: number; width: number } | null>(null);
  const end = () => {
    drag.current = null;
    document.body.classList.remove('resizing-panel');
  };
  return (
    <div
      className="panel-resizer"
      role="separator"
      aria-orientation="vertical"
      aria-label={label}
      aria-valuenow={width}
      tabIndex={0}
      title="Drag to resize · double-click for the default width"
      onPointerDown={(e) => {
        drag.current = { x: e.clientX, width };
        e.currentTarget.setPointerCapture?.(e.pointerId);
        document.body.classList.add('resizing-panel');
        e.preventDefault();
      }}
      onPointerMove={(e) => {
        if (drag.current) onWidth(drag.current.width + drag.current.x - e.clientX);
      }}
      onPointerUp={end}
      onPointerCancel={end}
      onDoubleClick={() => onWidth(defaultWidth)}
      onKeyDown={(e) => {
        if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
          e.preventDefault();
          onWidth(width + (e.key === 'ArrowLeft' ? 24 : -24));
        }
      }}
    />
  );
}
