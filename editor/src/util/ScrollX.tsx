import { useRef, type ReactNode } from 'react';
import { useScrollEdges } from './use-scroll-edges';
import './scroll-x.css';

/**
 * A box that scrolls sideways when its content (a wide table) is wider than it, with the
 * hidden side shaded so the content does not just look cut off. Focusable, so the arrow
 * keys scroll it too.
 */
export function ScrollX({ className, frameClassName, label, children }: { className: string; frameClassName?: string; label: string; children: ReactNode }) {
  const body = useRef<HTMLDivElement>(null);
  const edges = useScrollEdges(body);
  const more = [edges.left && 'left', edges.right && 'right'].filter(Boolean).join(' ') || 'none';
  return (
    <div className={`scroll-x${frameClassName ? ` ${frameClassName}` : ''}${edges.left ? ' more-left' : ''}${edges.right ? ' more-right' : ''}`} data-scroll-more={more}>
      <div className={`scroll-x-body ${className}`} ref={body} tabIndex={0} role="region" aria-label={label}>
        {children}
      </div>
    </div>
  );
}
