import { memo, useMemo, useRef, useState } from 'react';
import { PORT_TYPE_INFO, type CatalogEntry } from '@coinlab/shared';
import { paletteGroups } from '../catalog/catalog';
import { useGraphStore } from '../stores/graph-store';
import { NODE_DRAG_TYPE } from '../canvas/Canvas';
import { viewCenter } from '../canvas/flow-instance';
import { plainText } from '../util/format';
import { RichText } from '../util/RichText';
import './palette.css';

function addAtCenter(type: string): void {
  useGraphStore.getState().addNode(type, viewCenter());
}

const PaletteItem = memo(function PaletteItem({ entry, active, color }: { entry: CatalogEntry; active: boolean; color: string }) {
  const ports = (list: CatalogEntry['inputs']) =>
    Object.values(list).map((p, i) => <span key={i} className="mini-port" style={{ background: PORT_TYPE_INFO[p.type].color }} title={PORT_TYPE_INFO[p.type].label} />);
  return (
    <li
      className={`palette-item${active ? ' active' : ''}`}
      draggable
      data-node-type={entry.type}
      title={`${plainText(entry.ui.description)}\n\nDrag onto the canvas, or double-click to add.`}
      style={{ '--cat-color': color } as React.CSSProperties}
      onDragStart={(e) => {
        e.dataTransfer.setData(NODE_DRAG_TYPE, entry.type);
        e.dataTransfer.effectAllowed = 'copy';
      }}
      onDoubleClick={() => addAtCenter(entry.type)}
    >
      <div className="palette-item-head">
        <span className="palette-item-title">{entry.ui.title}</span>
        <span className="palette-ports">
          {ports(entry.inputs)}
          <span className="palette-arrow">→</span>
          {ports(entry.outputs)}
        </span>
      </div>
      <div className="palette-item-desc">
        <RichText text={entry.ui.description} />
      </div>
    </li>
  );
});

/**
 * Every node type, grouped by category and searchable. Keyboard: type to filter, arrows to
 * move, Enter to add the highlighted node in the middle of the view.
 */
export function Palette() {
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const groups = useMemo(() => paletteGroups(query), [query]);
  const flat = useMemo(() => groups.flatMap((g) => (collapsed.has(g.category) && !query ? [] : g.entries)), [groups, collapsed, query]);
  const listRef = useRef<HTMLDivElement>(null);
  const current = flat[Math.min(active, flat.length - 1)];

  const onKeyDown = (e: React.KeyboardEvent) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const next = Math.max(0, Math.min(flat.length - 1, active + (e.key === 'ArrowDown' ? 1 : -1)));
      setActive(next);
      listRef.current?.querySelector(`[data-node-type="${CSS.escape(flat[next]?.type ?? '')}"]`)?.scrollIntoView({ block: 'nearest' });
    } else if (e.key === 'Enter' && current) {
      e.preventDefault();
      addAtCenter(current.type);
    } else if (e.key === 'Escape') {
      setQuery('');
      (e.target as HTMLInputElement).blur();
    }
  };

  return (
    <aside className="palette" aria-label="Node palette">
      <div className="panel-title">Nodes</div>
      <div className="palette-search">
        <input
          id="palette-search"
          type="search"
          placeholder="Search nodes…  ( / )"
          value={query}
          onChange={(e) => {
            setQuery(e.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          aria-label="Search nodes"
        />
      </div>
      <div className="palette-list" ref={listRef}>
        {groups.length === 0 && <div className="muted pad">No node matches “{query}”.</div>}
        {groups.map((g) => {
          const isCollapsed = collapsed.has(g.category) && !query;
          return (
            <section key={g.category} className="palette-group">
              <button
                className="palette-group-head"
                onClick={() => {
                  const next = new Set(collapsed);
                  if (next.has(g.category)) next.delete(g.category);
                  else next.add(g.category);
                  setCollapsed(next);
                }}
                aria-expanded={!isCollapsed}
              >
                <span className="cat-dot" style={{ background: g.color }} />
                <span>{g.label}</span>
                <span className="count">{g.entries.length}</span>
                <span className="chevron">{isCollapsed ? '▸' : '▾'}</span>
              </button>
              {!isCollapsed && (
                <ul>
                  {g.entries.map((e) => (
                    <PaletteItem key={e.type} entry={e} active={e === current && query !== ''} color={g.color} />
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
    </aside>
  );
}
