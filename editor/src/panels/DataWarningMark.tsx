import { useProblemsStore } from '../stores/problems-store';
import './data-warnings.css';

/**
 * The small amber mark a node card shows when the data it loads is not in the database
 * (the messages in its tooltip; the Problems tab lists them in full). Renders nothing
 * otherwise, and re-renders only when this node's warnings change. `compact` is the sign
 * alone, large enough to read on a zoomed-out card.
 */
export function DataWarningMark({ nodeId, compact = false }: { nodeId: string; compact?: boolean }) {
  const warnings = useProblemsStore((s) => s.warningsByNode.get(nodeId));
  if (!warnings?.length) return null;
  const coins = [...new Set(warnings.map((w) => w.coin))];
  const tip = warnings.map((w) => w.message.replaceAll('`', '')).join('\n');
  return (
    <span className={compact ? 'compact-data-warning' : 'node-data-warning'} title={tip} data-data-warning={warnings.length} aria-label={`Data missing: ${coins.join(', ')}`}>
      {compact ? '⚠' : '⚠ no data'}
    </span>
  );
}
