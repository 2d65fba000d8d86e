import { useEffect, useMemo, useRef, useState } from 'react';
import { compatibleChoices, filterChoices, routeHint } from './compatible-nodes';
import { useConnectMenuStore } from './connect-menu-store';
import { addChosenNode } from './offer';
import './connect-menu.css';

const MENU_WIDTH = 300;
const MENU_HEIGHT = 340;

/**
 * The menu a connection dropped on empty canvas opens at the drop point: the node types with
 * a port that fits, searchable; choosing one adds it there, wired. Escape or a click outside
 * closes it.
 */
export function ConnectMenu() {
  const at = useConnectMenuStore((s) => s.at);
  if (!at) return null;
  return <ConnectMenuBody key={`${at.fromNode}.${at.fromPort}.${at.client.x}.${at.client.y}`} />;
}

function ConnectMenuBody() {
  const at = useConnectMenuStore((s) => s.at)!;
  const close = useConnectMenuStore((s) => s.close);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const dragged = { type: at.portType, side: at.side };
  const all = useMemo(() => compatibleChoices({ type: at.portType, side: at.side }), [at.portType, at.side]);
  const shown = filterChoices(all, query);
  const hint = routeHint(dragged);

  useEffect(() => {
    const outside = (e: PointerEvent) => {
      if (box.current && e.target instanceof Node && !box.current.contains(e.target)) close();
    };
    document.addEventListener('pointerdown', outside, true);
    return () => document.removeEventListener('pointerdown', outside, true);
  }, [close]);

  // Kept inside the window: a drop near the right or bottom edge opens the menu up or left.
  const left = Math.max(8, Math.min(at.client.x, window.innerWidth - MENU_WIDTH - 8));
  const top = Math.max(8, Math.min(at.client.y, window.innerHeight - MENU_HEIGHT - 8));
  const pick = (i: number) => {
    const c = shown[i];
    if (c) addChosenNode(c);
  };

  return (
    <div className="connect-menu" ref={box} style={{ left, top, width: MENU_WIDTH, maxHeight: MENU_HEIGHT }} role="dialog" aria-label="Add a connected node">
      <input
        type="search"
        autoFocus
        className="connect-menu-search"
        placeholder={at.side === 'source' ? 'Nodes that take this output…' : 'Nodes that feed this input…'}
        aria-label="Search compatible nodes"
        value={query}
        onChange={(e) => (setQuery(e.target.value), setActive(0))}
        onKeyDown={(e) => {
          // The canvas shortcuts (F, L, Delete…) must not see typing in the search box.
          e.stopPropagation();
          if (e.key === 'Escape') close();
          else if (e.key === 'ArrowDown') (e.preventDefault(), setActive(Math.min(active + 1, shown.length - 1)));
          else if (e.key === 'ArrowUp') (e.preventDefault(), setActive(Math.max(active - 1, 0)));
          else if (e.key === 'Enter') (e.preventDefault(), pick(active));
        }}
      />
      {hint && <div className="connect-menu-hint">{hint}</div>}
      <ul className="connect-menu-list" role="listbox" aria-label="Compatible nodes">
        {shown.map((c, i) => (
          <li key={`${c.nodeType}.${c.port}`} role="option" aria-selected={i === active} className={i === active ? 'active' : ''} data-choice={`${c.nodeType}.${c.port}`} onMouseEnter={() => setActive(i)} onClick={() => pick(i)}>
            <span className="connect-menu-title">{c.title}</span>
            <span className="connect-menu-port">{c.portLabel}</span>
          </li>
        ))}
        {!shown.length && <li className="muted">No compatible node{query ? ' matches' : ''}</li>}
      </ul>
    </div>
  );
}
