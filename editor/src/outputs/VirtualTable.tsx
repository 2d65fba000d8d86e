import { useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';

export interface Column {
  label: string;
  width?: number;
  align?: 'left' | 'right';
}

const ROW_H = 24;

/** A table that renders only the rows in view, so 100k-row outputs scroll smoothly. */
export function VirtualTable({ columns, rowCount, cell, height = 320 }: { columns: Column[]; rowCount: number; cell(row: number, col: number): string; height?: number }) {
  const parent = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rowCount, getScrollElement: () => parent.current, estimateSize: () => ROW_H, overscan: 16 });
  const widths = columns.map((c) => c.width ?? 110);
  const total = widths.reduce((a, b) => a + b, 0);
  return (
    <div className="vtable" ref={parent} style={{ maxHeight: height }} role="table" aria-rowcount={rowCount}>
      <div className="vtable-head" style={{ width: total }} role="row">
        {columns.map((c, i) => (
          <div key={i} className={`vtable-cell${c.align === 'left' ? '' : ' num'}`} style={{ width: widths[i] }} role="columnheader" title={c.label}>
            {c.label}
          </div>
        ))}
      </div>
      <div style={{ height: virtual.getTotalSize(), width: total, position: 'relative' }}>
        {virtual.getVirtualItems().map((item) => (
          <div key={item.key} className="vtable-row" role="row" style={{ transform: `translateY(${item.start}px)`, height: ROW_H, width: total }}>
            {columns.map((c, i) => (
              <div key={i} className={`vtable-cell${c.align === 'left' ? '' : ' num'}`} style={{ width: widths[i] }} role="cell">
                {cell(item.index, i)}
              </div>
            ))}
          </div>
        ))}
      </div>
      <div className="vtable-foot muted small">{rowCount.toLocaleString()} rows</div>
    </div>
  );
}
