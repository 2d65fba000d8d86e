import type { GraphProblem } from '@coinlab/shared';
import { useProblemsStore } from '../stores/problems-store';
import { useGraphStore } from '../stores/graph-store';
import { focusNode } from '../canvas/flow-instance';
import { entryFor } from '../catalog/catalog';
import { humanize } from '../util/format';
import type { CoinNode } from '../graph/types';

/**
 * Where a problem is, in the words of the canvas: the node's title and the param or input
 * (`Random forest › N trees`), rather than the document path (`nodes[6].params.nTrees`),
 * which stays in the row's tooltip and at its end for those who want it.
 */
export function problemPlace(p: GraphProblem, nodes: readonly CoinNode[]): { node: string | null; field: string | null } {
  const n = p.nodeId ? nodes.find((x) => x.id === p.nodeId) : undefined;
  const node = n ? (n.data.label ?? entryFor(n.data.nodeType)?.ui.title ?? n.id) : (p.nodeId ?? null);
  const param = /\.params\.([^.[]+)/.exec(p.path)?.[1];
  const input = /\.inputs\.([^.[]+)/.exec(p.path)?.[1];
  return { node, field: param ? humanize(param) : input ? `input ${input}` : null };
}

/** Every problem the runtime would report; clicking one selects its node. */
export function ProblemsList() {
  const problems = useProblemsStore((s) => s.problems);
  const nodes = useGraphStore((s) => s.nodes);
  if (!problems.length) {
    return <div className="muted pad">{nodes.length ? 'No problems: the graph is ready to run.' : 'Nothing to check yet: add a node from the palette, or open a template.'}</div>;
  }
  return (
    <ul className="problem-list">
      {problems.map((p, i) => {
        const place = problemPlace(p, nodes);
        return (
          <li key={i} className={p.nodeId ? 'clickable' : ''} onClick={() => p.nodeId && focusNode(p.nodeId)} data-problem-node={p.nodeId} title={p.path}>
            <span className="problem-icon">!</span>
            <span className="problem-where">
              {place.node ?? 'Graph'}
              {place.field && <span className="problem-field"> › {place.field}</span>}
            </span>
            <span className="problem-msg">{p.message}</span>
            <span className="problem-path mono">{p.path}</span>
          </li>
        );
      })}
    </ul>
  );
}
