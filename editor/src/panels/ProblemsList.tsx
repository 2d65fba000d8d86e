import type { ReactNode } from 'react';
import { useProblemsStore } from '../stores/problems-store';
import { useGraphStore } from '../stores/graph-store';
import { focusNode } from '../canvas/flow-instance';
import { entryFor } from '../catalog/catalog';
import { humanize } from '../util/format';
import type { CoinNode } from '../graph/types';
import { showDataPanel } from '../data/show-data-panel';
import './data-warnings.css';

/** A graph problem or a data warning: both name a place in the document. */
interface Placed {
  path: string;
  message: string;
  nodeId?: string;
}

/**
 * Where a problem is, in the words of the canvas: the node's title and the param or input
 * (`Random forest › N trees`), rather than the document path (`nodes[6].params.nTrees`),
 * which stays in the row's tooltip and at its end for those who want it.
 */
export function problemPlace(p: Placed, nodes: readonly CoinNode[]): { node: string | null; field: string | null } {
  const n = p.nodeId ? nodes.find((x) => x.id === p.nodeId) : undefined;
  const node = n ? (n.data.label ?? entryFor(n.data.nodeType)?.ui.title ?? n.id) : (p.nodeId ?? null);
  const param = /\.params\.([^.[]+)/.exec(p.path)?.[1];
  const input = /\.inputs\.([^.[]+)/.exec(p.path)?.[1];
  return { node, field: param ? humanize(param) : input ? `input ${input}` : null };
}

/** A message with `commands` in backticks, the commands shown as code (and easy to select). */
export function messageText(message: string): ReactNode[] {
  return message.split('`').map((part, i) => (i % 2 ? <code key={i} className="mono">{part}</code> : part));
}

function Row({ item, tone, nodes }: { item: Placed; tone: 'problem' | 'warning'; nodes: readonly CoinNode[] }) {
  const place = problemPlace(item, nodes);
  const classes = [tone === 'warning' ? 'data-warning' : '', item.nodeId ? 'clickable' : ''].filter(Boolean).join(' ');
  return (
    <li className={classes || undefined} onClick={() => item.nodeId && focusNode(item.nodeId)} data-problem-node={tone === 'problem' ? item.nodeId : undefined} data-warning-node={tone === 'warning' ? item.nodeId : undefined} title={item.path}>
      <span className="problem-icon">!</span>
      <span className="problem-where">
        {place.node ?? 'Graph'}
        {place.field && <span className="problem-field"> › {place.field}</span>}
      </span>
      <span className="problem-msg">{tone === 'warning' ? messageText(item.message) : item.message}</span>
      {tone === 'warning' && 'code' in item && item.code === 'unknown-coin' && (
        <button
          className="link-btn"
          onClick={(e) => {
            e.stopPropagation();
            showDataPanel();
          }}
        >
          Open Data panel
        </button>
      )}
      <span className="problem-path mono">{item.path}</span>
    </li>
  );
}

/**
 * Every problem the runtime would report, then the data warnings (missing coins, date
 * ranges without candles), which don't block Run; clicking a row selects its node.
 */
export function ProblemsList() {
  const problems = useProblemsStore((s) => s.problems);
  const warnings = useProblemsStore((s) => s.warnings);
  const nodes = useGraphStore((s) => s.nodes);
  if (!nodes.length && !problems.length) {
    return <div className="muted pad">Nothing to check yet: add a node from the palette, or open a template.</div>;
  }
  if (!problems.length && !warnings.length) return <div className="muted pad">No problems: the graph is ready to run.</div>;
  return (
    <>
      {!problems.length && (
        <div className="data-warning-note pad" data-testid="data-warning-note">
          The graph is valid, but data is missing: until the candles below are imported (or the dates changed), the run will fail where they are loaded.
        </div>
      )}
      <ul className="problem-list">
        {problems.map((p, i) => (
          <Row key={`p${i}`} item={p} tone="problem" nodes={nodes} />
        ))}
        {warnings.map((w, i) => (
          <Row key={`w${i}`} item={w} tone="warning" nodes={nodes} />
        ))}
      </ul>
    </>
  );
}
