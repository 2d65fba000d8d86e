import { useProblemsStore } from '../stores/problems-store';
import { useRunListStore } from '../stores/run-list-store';
import { useRunStore } from '../stores/run-store';
import { useUiStore, type BottomTab } from '../stores/ui-store';
import { ArtifactsTab } from './ArtifactsTab';
import { DataPanel } from '../data/DataPanel';
import { LlmProviderPanel } from '../llm/LlmProviderPanel';
import { LogPanel } from './LogPanel';
import { ProblemsList } from './ProblemsList';
import { RunHistory } from './RunHistory';
import './dock.css';

/** Problems, logs, run history, artifacts, data and the LLM provider under the canvas (automations have their own view). */
export function BottomDock() {
  const tab = useUiStore((s) => s.bottomTab);
  const open = useUiStore((s) => s.bottomOpen);
  const problems = useProblemsStore((s) => s.problems.length);
  const warnings = useProblemsStore((s) => s.warnings.length);
  const logs = useRunStore((s) => s.logs.length);
  const runs = useRunListStore((s) => s.runs.length);
  const tabs: { id: BottomTab; label: string; count?: number; bad?: boolean; warnings?: number }[] = [
    // Data warnings have their own amber badge: `.count` stays the number of graph problems.
    { id: 'problems', label: 'Problems', count: problems, bad: problems > 0, warnings },
    { id: 'logs', label: 'Logs', count: logs },
    { id: 'runs', label: 'Runs', count: runs },
    { id: 'artifacts', label: 'Artifacts' },
    { id: 'data', label: 'Data' },
    { id: 'llm', label: 'LLM provider' },
  ];
  const ui = useUiStore.getState();
  return (
    <section className={`dock${open ? '' : ' closed'}`}>
      <div className="dock-tabs" role="tablist">
        {tabs.map((t) => (
          <button
            key={t.id}
            role="tab"
            aria-selected={open && tab === t.id}
            className={open && tab === t.id ? 'active' : ''}
            // A tab only ever shows its panel; folding is the explicit button at the right.
            onClick={() => ui.showBottom(t.id)}
            data-dock-tab={t.id}
          >
            {t.label}
            {t.count ? <span className={`count${t.bad ? ' bad' : ''}`}>{t.count}</span> : null}
            {t.warnings ? (
              <span className="warn-count" title={`${t.warnings} data warning${t.warnings > 1 ? 's' : ''}: candles the graph loads are not in the database`}>
                ⚠ {t.warnings}
              </span>
            ) : null}
          </button>
        ))}
        <span className="spacer" />
        <button className="icon-btn" title={open ? 'Hide panel' : 'Show panel'} aria-label={open ? 'Hide panel' : 'Show panel'} aria-expanded={open} onClick={() => ui.toggleBottom()}>
          {open ? '▾' : '▴'}
        </button>
      </div>
      {open && (
        <div className="dock-body">
          {tab === 'problems' && <ProblemsList />}
          {tab === 'logs' && <LogPanel />}
          {tab === 'runs' && <RunHistory />}
          {tab === 'artifacts' && <ArtifactsTab />}
          {tab === 'data' && <DataPanel />}
          {tab === 'llm' && <LlmProviderPanel />}
        </div>
      )}
    </section>
  );
}
