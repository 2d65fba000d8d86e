import type { ReactNode } from 'react';
import { useUiStore } from '../stores/ui-store';
import './dialogs.css';

export function Modal({ title, children, wide, footer }: { title: ReactNode; children: ReactNode; wide?: boolean; footer?: ReactNode }) {
  const close = useUiStore((s) => s.closeDialog);
  return (
    <div className="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && close()}>
      <div className={`modal${wide ? ' wide' : ''}`} role="dialog" aria-modal="true" aria-label={typeof title === 'string' ? title : undefined}>
        <div className="modal-head">
          <div className="modal-title">{title}</div>
          <button className="icon-btn" onClick={close} aria-label="Close">
            ×
          </button>
        </div>
        <div className="modal-body">{children}</div>
        {footer && <div className="modal-foot">{footer}</div>}
      </div>
    </div>
  );
}
