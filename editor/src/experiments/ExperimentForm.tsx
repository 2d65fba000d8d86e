import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../api/http';
import { useGraphStore } from '../stores/graph-store';
import { experimentsApi, serverCatalog, type ServerCatalogNode } from './experiments-api';
import { BACKTEST_METRICS, EVALUATION_METRICS, dimensionFor, searchableParams, type SearchableParam } from './search-space';

interface Candidate {
  key: string;
  node: string;
  param: SearchableParam;
}

const describe = (p: SearchableParam): string => (p.type === 'choice' ? p.values.map(String).join('|') : `${p.type} ${p.min}..${p.max}`);

/**
 * Start an experiment on the open saved graph. The params offered come from the server's
 * catalog (each param's JSON Schema), so only what the search can really vary is listed;
 * the server checks the whole spec again and its 400 names each bad field.
 */
export function ExperimentForm({ onCreated }: { onCreated: (id: string) => void }) {
  const graphId = useGraphStore((s) => s.graphId);
  const graphName = useGraphStore((s) => s.meta.name);
  const nodes = useGraphStore((s) => s.nodes);
  const [catalog, setCatalog] = useState<Map<string, ServerCatalogNode> | null>(null);
  const [picked, setPicked] = useState<Set<string>>(new Set());
  const [objectiveNode, setObjectiveNode] = useState('');
  const [metric, setMetric] = useState('sharpe');
  const [direction, setDirection] = useState<'maximize' | 'minimize'>('maximize');
  const [dataNode, setDataNode] = useState('');
  const [from, setFrom] = useState('2024-01-01');
  const [holdoutFrom, setHoldoutFrom] = useState('2024-03-01');
  const [to, setTo] = useState('2024-03-31');
  const [maxIterations, setMaxIterations] = useState(20);
  const [autoApprove, setAutoApprove] = useState(false);
  const [message, setMessage] = useState<{ tone: 'ok' | 'bad'; text: string } | null>(null);

  useEffect(() => {
    serverCatalog()
      .then((list) => setCatalog(new Map(list.map((n) => [n.type, n]))))
      .catch((err: unknown) => setMessage({ tone: 'bad', text: `Cannot read the node catalog: ${err instanceof Error ? err.message : String(err)}` }));
  }, []);

  const candidates = useMemo<Candidate[]>(
    () => nodes.flatMap((n) => searchableParams(catalog?.get(n.data.nodeType)?.paramsSchema ?? {}).filter((p) => p.param !== 'from' && p.param !== 'to').map((param) => ({ key: `${n.id}.${param.param}`, node: n.id, param }))),
    [nodes, catalog],
  );
  const scoreNodes = useMemo(() => nodes.filter((n) => Object.values(catalog?.get(n.data.nodeType)?.outputs ?? {}).some((o) => o.type === 'backtest' || o.type === 'metrics')), [nodes, catalog]);
  const dataNodes = useMemo(() => nodes.filter((n) => { const props = catalog?.get(n.data.nodeType)?.paramsSchema.properties; return !!props && typeof props === 'object' && 'from' in props && 'to' in props; }), [nodes, catalog]);
  const objectiveKind = Object.values(catalog?.get(nodes.find((n) => n.id === objectiveNode)?.data.nodeType ?? '')?.outputs ?? {}).some((o) => o.type === 'backtest') ? 'backtest' : 'metrics';
  const metrics: readonly string[] = objectiveKind === 'backtest' ? BACKTEST_METRICS : EVALUATION_METRICS;
  // Defaults follow the graph: its first scoring node and its first data node.
  useEffect(() => {
    if (!scoreNodes.some((n) => n.id === objectiveNode)) setObjectiveNode(scoreNodes[0]?.id ?? '');
    if (!dataNodes.some((n) => n.id === dataNode)) setDataNode(dataNodes[0]?.id ?? '');
  }, [scoreNodes, dataNodes, objectiveNode, dataNode]);
  useEffect(() => {
    if (!metrics.includes(metric)) setMetric(metrics[0]!);
  }, [metrics, metric]);

  if (!graphId) return <div className="muted">Save the graph to search its params.</div>;

  const toggle = (key: string) => {
    const next = new Set(picked);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setPicked(next);
  };
  const create = async (ev: FormEvent) => {
    ev.preventDefault();
    try {
      const e = await experimentsApi.create({
        name: graphName || 'experiment',
        graphId,
        searchSpace: candidates.filter((c) => picked.has(c.key)).map((c) => dimensionFor(c.node, c.param)),
        objective: { node: objectiveNode, metric, direction },
        evaluation: { dataNode, from, holdoutFrom, to },
        stopRules: { maxIterations },
        autoApprove: { enabled: autoApprove },
      });
      setMessage({ tone: 'ok', text: `Started "${e.name}"` });
      onCreated(e.id);
    } catch (err) {
      const text = err instanceof ApiError && err.problems.length ? err.problems.map((p) => `${p.path}: ${p.message}`).join('; ') : err instanceof Error ? err.message : String(err);
      setMessage({ tone: 'bad', text });
    }
  };

  return (
    <form className="experiment-form" onSubmit={(e) => void create(e)} aria-label="New experiment">
      <span className="muted">Search “{graphName}”</span>
      <fieldset className="search-params">
        <legend>Params to search</legend>
        {candidates.length === 0 && <span className="muted">{catalog ? 'No param with a bounded range or choices.' : 'Reading the catalog…'}</span>}
        {candidates.map((c) => (
          <label key={c.key} title={describe(c.param)}>
            <input type="checkbox" checked={picked.has(c.key)} onChange={() => toggle(c.key)} aria-label={`Search ${c.key}`} /> {c.key} <span className="muted">{describe(c.param)}</span>
          </label>
        ))}
      </fieldset>
      <div className="row">
        <label>
          objective
          <select aria-label="Objective node" value={objectiveNode} onChange={(e) => setObjectiveNode(e.target.value)}>
            {scoreNodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.id}
              </option>
            ))}
          </select>
          <select aria-label="Objective metric" value={metric} onChange={(e) => setMetric(e.target.value)}>
            {metrics.map((m) => (
              <option key={m} value={m}>
                {m}
              </option>
            ))}
          </select>
          <select aria-label="Direction" value={direction} onChange={(e) => setDirection(e.target.value as 'maximize' | 'minimize')}>
            <option value="maximize">maximize</option>
            <option value="minimize">minimize</option>
          </select>
        </label>
        <label>
          data
          <select aria-label="Data node" value={dataNode} onChange={(e) => setDataNode(e.target.value)}>
            {dataNodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.id}
              </option>
            ))}
          </select>
        </label>
        <label>
          search <input aria-label="Search from" type="date" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          holdout <input aria-label="Holdout from" type="date" value={holdoutFrom} onChange={(e) => setHoldoutFrom(e.target.value)} />
        </label>
        <label>
          to <input aria-label="Holdout to" type="date" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          max iterations <input aria-label="Max iterations" type="number" min={1} value={maxIterations} onChange={(e) => setMaxIterations(Number(e.target.value))} style={{ width: 60 }} />
        </label>
        <label>
          <input type="checkbox" checked={autoApprove} onChange={(e) => setAutoApprove(e.target.checked)} aria-label="Auto-approve" /> auto-approve
        </label>
        <button type="submit">Start experiment</button>
      </div>
      {message && (
        <div className={`experiment-message ${message.tone}`} role="status">
          {message.text}
        </div>
      )}
    </form>
  );
}
