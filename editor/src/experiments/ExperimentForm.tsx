import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ApiError } from '../api/http';
import { useGraphStore } from '../stores/graph-store';
import { experimentsApi, serverCatalog, type ServerCatalogNode } from './experiments-api';
import { BACKTEST_METRICS, EVALUATION_METRICS, searchableParams, type SearchableParam } from './search-space';
import { AUTO_APPROVE_MARGIN, CONSTRAINT_FIELDS, LIMIT_FIELDS, initialRange, narrowedChoice, narrowedDimension, numberGroups, type NumberField, type Problems, type RangeDraft } from './spec-fields';
import { problemsByField } from './problem-paths';
import { SearchSpaceRows, type PickedParam as Candidate } from './SearchSpaceRows';

type ChoiceValue = Extract<SearchableParam, { type: 'choice' }>['values'][number];
/** The spec paths whose inputs sit in the folded "Quality gate, limits and stop rules" section. */
const ADVANCED = /^(constraints|limits|stopRules\.minImprovement|proposer|evaluation\.folds)/;

const describe = (p: SearchableParam): string => (p.type === 'choice' ? p.values.map(String).join('|') : `${p.type} ${p.min}..${p.max}`);

/**
 * Start an experiment on the open saved graph. The params offered come from the server's
 * catalog (each param's JSON Schema), so only what the search can really vary is listed;
 * the server checks the whole spec again and its 400 names each bad field, shown at that field.
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
  const [ranges, setRanges] = useState<Record<string, RangeDraft>>({});
  const [ticked, setTicked] = useState<Record<string, ChoiceValue[]>>({});
  const [numbers, setNumbers] = useState<Record<string, string>>({});
  const [proposer, setProposer] = useState<'tpe' | 'random' | 'llm'>('tpe');
  const [folds, setFolds] = useState(1);
  const [problems, setProblems] = useState<Problems>({});
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

  const chosen = candidates.filter((c) => picked.has(c.key));
  const toggle = (key: string) => {
    const next = new Set(picked);
    if (next.has(key)) next.delete(key);
    else next.add(key);
    setPicked(next);
    // Rows are numbered by position: a problem marked on row i no longer belongs to it.
    setProblems(Object.fromEntries(Object.entries(problems).filter(([path]) => !path.startsWith('searchSpace'))));
  };
  const rangeOf = (c: Candidate): RangeDraft => ranges[c.key] ?? (c.param.type === 'choice' ? { min: '', max: '', step: '', scale: 'linear' } : initialRange(c.param));
  const tickedOf = (c: Candidate): readonly ChoiceValue[] => ticked[c.key] ?? (c.param.type === 'choice' ? c.param.values : []);
  // An edited field drops its problem: the mark said what was wrong with the old value.
  const clearProblem = (...paths: string[]) => {
    if (!paths.some((p) => p in problems)) return;
    const rest = { ...problems };
    for (const p of paths) delete rest[p];
    setProblems(rest);
    if (Object.keys(rest).length === 0 && message?.text.startsWith('Fix the marked fields')) setMessage(null);
  };
  const setRange = (c: Candidate, at: string, field: keyof RangeDraft, value: string) => {
    setRanges({ ...ranges, [c.key]: { ...rangeOf(c), [field]: value } });
    // A log scale's problem is marked at min (it must be above 0): a new scale clears it too.
    clearProblem(`${at}.${field}`, ...(field === 'scale' ? [`${at}.min`] : []), at);
  };
  const setTickedOf = (c: Candidate, at: string, values: ChoiceValue[]) => {
    setTicked({ ...ticked, [c.key]: values });
    clearProblem(`${at}.values`, at);
  };
  const create = async (ev: FormEvent) => {
    ev.preventDefault();
    // Checked here first so a bad value is marked at its input; nothing is sent until all are valid.
    const found: Problems = {};
    const searchSpace = chosen.flatMap((c, i) => {
      const built = c.param.type === 'choice' ? narrowedChoice(c.node, c.param, tickedOf(c), `searchSpace.${i}`) : narrowedDimension(c.node, c.param, rangeOf(c), `searchSpace.${i}`);
      if ('problems' in built) Object.assign(found, built.problems);
      return 'dimension' in built ? [built.dimension] : [];
    });
    const { groups, problems: numberProblems } = numberGroups([...CONSTRAINT_FIELDS, ...LIMIT_FIELDS, AUTO_APPROVE_MARGIN], numbers);
    Object.assign(found, numberProblems);
    setProblems(found);
    if (Object.keys(found).length) {
      setMessage({ tone: 'bad', text: `Fix the marked fields (${Object.keys(found).length}).` });
      return;
    }
    try {
      const e = await experimentsApi.create({
        name: graphName || 'experiment',
        graphId,
        searchSpace,
        objective: { node: objectiveNode, metric, direction },
        evaluation: { dataNode, from, holdoutFrom, to, folds },
        constraints: groups.constraints ?? {},
        limits: groups.limits ?? {},
        stopRules: { ...groups.stopRules, maxIterations },
        autoApprove: { enabled: autoApprove, ...groups.autoApprove },
        proposer,
      });
      setMessage({ tone: 'ok', text: `Started "${e.name}"` });
      onCreated(e.id);
    } catch (err) {
      const list = err instanceof ApiError ? err.problems : [];
      // A server problem whose path is a field of this form is shown at that field too.
      setProblems(problemsByField(list));
      const text = list.length ? list.map((p) => `${p.path}: ${p.message}`).join('; ') : err instanceof Error ? err.message : String(err);
      setMessage({ tone: 'bad', text });
    }
  };
  const problemAt = (path: string) => (problems[path] ? <span className="field-problem">{problems[path]}</span> : null);
  /** A field's problem mark and the edit that clears it (`path` as the server names the field). */
  const field = (path: string) => ({ 'aria-invalid': problems[path] ? true : undefined, 'data-path': path });
  const edit = <T,>(path: string, set: (v: T) => void) => (v: T) => {
    set(v);
    clearProblem(path);
  };
  const numberInput = (f: NumberField) => (
    <label key={f.path}>
      {f.label}
      <input
        aria-label={f.label}
        aria-invalid={problems[f.path] ? true : undefined}
        inputMode="decimal"
        placeholder={f.placeholder ?? '—'}
        value={numbers[f.path] ?? ''}
        onChange={(e) => {
          setNumbers({ ...numbers, [f.path]: e.target.value });
          clearProblem(f.path);
        }}
        style={{ width: 64 }}
      />
      {problemAt(f.path)}
    </label>
  );

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
      {problemAt('searchSpace')}
      {chosen.length > 0 && <SearchSpaceRows chosen={chosen} rangeOf={rangeOf} tickedOf={tickedOf} problems={problems} onRange={setRange} onTicked={setTickedOf} />}
      <div className="row">
        <label>
          objective
          <select aria-label="Objective node" {...field('objective.node')} value={objectiveNode} onChange={(e) => edit('objective.node', setObjectiveNode)(e.target.value)}>
            {scoreNodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.id}
              </option>
            ))}
          </select>
          <select aria-label="Objective metric" {...field('objective.metric')} value={metric} onChange={(e) => edit('objective.metric', setMetric)(e.target.value)}>
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
          {problemAt('objective.node')}
          {problemAt('objective.metric')}
        </label>
        <label>
          data
          <select aria-label="Data node" {...field('evaluation.dataNode')} value={dataNode} onChange={(e) => edit('evaluation.dataNode', setDataNode)(e.target.value)}>
            {dataNodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.id}
              </option>
            ))}
          </select>
          {problemAt('evaluation.dataNode')}
        </label>
        <label>
          search <input aria-label="Search from" type="date" {...field('evaluation.from')} value={from} onChange={(e) => edit('evaluation.from', setFrom)(e.target.value)} />
          {problemAt('evaluation.from')}
        </label>
        <label>
          holdout <input aria-label="Holdout from" type="date" {...field('evaluation.holdoutFrom')} value={holdoutFrom} onChange={(e) => edit('evaluation.holdoutFrom', setHoldoutFrom)(e.target.value)} />
          {problemAt('evaluation.holdoutFrom')}
        </label>
        <label>
          to <input aria-label="Holdout to" type="date" {...field('evaluation.to')} value={to} onChange={(e) => edit('evaluation.to', setTo)(e.target.value)} />
          {problemAt('evaluation.to')}
        </label>
        <label>
          max iterations <input aria-label="Max iterations" type="number" min={1} {...field('stopRules.maxIterations')} value={maxIterations} onChange={(e) => edit('stopRules.maxIterations', setMaxIterations)(Number(e.target.value))} style={{ width: 60 }} />
          {problemAt('stopRules.maxIterations')}
        </label>
        <label>
          <input type="checkbox" checked={autoApprove} onChange={(e) => setAutoApprove(e.target.checked)} aria-label="Auto-approve" /> auto-approve
        </label>
        {numberInput(AUTO_APPROVE_MARGIN)}
      </div>
      {/* Opened when it holds a marked field, so every mark can be seen. */}
      <details className="experiment-advanced" open={Object.keys(problems).some((p) => ADVANCED.test(p)) || undefined}>
        <summary>Quality gate, limits and stop rules</summary>
        <fieldset>
          <legend>Quality gate (empty: not checked)</legend>
          {CONSTRAINT_FIELDS.map(numberInput)}
        </fieldset>
        <fieldset>
          <legend>Limits and stop rules</legend>
          {LIMIT_FIELDS.map(numberInput)}
          <label>
            proposer
            <select aria-label="Proposer" value={proposer} onChange={(e) => setProposer(e.target.value as 'tpe' | 'random' | 'llm')}>
              <option value="tpe">tpe</option>
              <option value="random">random</option>
              <option value="llm">llm</option>
            </select>
          </label>
          <label>
            folds <input aria-label="Folds" type="number" min={1} max={10} {...field('evaluation.folds')} value={folds} onChange={(e) => edit('evaluation.folds', setFolds)(Number(e.target.value))} style={{ width: 44 }} />
            {problemAt('evaluation.folds')}
          </label>
        </fieldset>
      </details>
      <button type="submit">Start experiment</button>
      {message && (
        <div className={`experiment-message ${message.tone}`} role="status">
          {message.text}
        </div>
      )}
    </form>
  );
}
