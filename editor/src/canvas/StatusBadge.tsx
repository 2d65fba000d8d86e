import { memo, useEffect, useState } from 'react';
import type { NodeStatus } from '@coinlab/shared';
import { formatDuration } from '../util/format';
import './status-badge.css';

export const STATUS_LABEL: Record<NodeStatus, string> = {
  idle: 'idle',
  queued: 'queued',
  running: 'running',
  awaiting: 'awaiting',
  succeeded: 'succeeded',
  cached: 'cached',
  failed: 'failed',
  stopped: 'stopped',
  skipped: 'skipped',
  cancelled: 'cancelled',
};

/** One sign per status, for zoomed-out cards where the words are too small to read. */
export const STATUS_GLYPH: Record<NodeStatus, string> = {
  idle: '',
  queued: '…',
  running: '▶',
  awaiting: '⏸',
  succeeded: '✓',
  cached: '✓',
  failed: '✕',
  stopped: '■',
  skipped: '–',
  cancelled: '⦸',
};

export const StatusBadge = memo(function StatusBadge({ status }: { status: NodeStatus }) {
  return (
    <span className={`status-badge status-${status}`} data-status={status}>
      <span className="status-dot" />
      {STATUS_LABEL[status]}
    </span>
  );
});

/** Time since `since`, ticking while mounted (only running nodes mount it). */
export function Elapsed({ since }: { since: number }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(t);
  }, []);
  return <span className="elapsed">{formatDuration(Math.max(0, now - since))}</span>;
}
