import { useProblemsStore } from '../stores/problems-store';
import { focusNode } from '../canvas/flow-instance';

/** Every problem the runtime would report, with its path; clicking one selects its node. */
export function ProblemsList() {
  const problems = useProblemsStore((s) => s.problems);
  if (!problems.length) return <div className="muted pad">No problems: the graph is ready to run.</div>;
  return (
    <ul className="problem-list">
      {problems.map((p, i) => (
        <li key={i} className={p.nodeId ? 'clickable' : ''} onClick={() => p.nodeId && focusNode(p.nodeId)} data-problem-node={p.nodeId}>
          <span className="problem-icon">!</span>
          <span className="problem-path mono">{p.path}</span>
          <span className="problem-msg">{p.message}</span>
          {p.nodeId && <span className="problem-node mono">{p.nodeId}</span>}
        </li>
      ))}
    </ul>
  );
}
