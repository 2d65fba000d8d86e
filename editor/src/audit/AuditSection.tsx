import { useCallback, useEffect, useState } from 'react';
import { auditPageSchema, type AuditEntry, type AuditScope } from '@coinlab/shared';
import { requestJson } from '../api/http';

interface Filters {
  action: string;
  objectId: string;
  client: string;
  since: string;
}
const EMPTY: Filters = { action: '', objectId: '', client: '', since: '' };

/** The audit log as a table, newest first, with the API's filters and "Older" for the next page. */
export function AuditSection() {
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [entries, setEntries] = useState<AuditEntry[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [scope, setScope] = useState<AuditScope>('team');

  const load = useCallback(async (f: Filters, after: string | null) => {
    const q = new URLSearchParams({ limit: '50' });
    if (f.action.trim()) q.set('action', f.action.trim());
    if (f.objectId.trim()) q.set('objectId', f.objectId.trim());
    if (f.client) q.set('client', f.client);
    if (f.since) q.set('since', new Date(f.since).toISOString());
    if (after) q.set('cursor', after);
    try {
      const page = await requestJson(`/audit?${q}`, auditPageSchema);
      setEntries((prev) => (after ? [...prev, ...page.entries] : page.entries));
      setCursor(page.nextCursor);
      setScope(page.scope);
      setError(null);
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    }
  }, []);

  useEffect(() => {
    void load(EMPTY, null);
  }, [load]);

  const field = (key: keyof Filters) => (e: { target: { value: string } }) => setFilters((f) => ({ ...f, [key]: e.target.value }));
  return (
    <div className="audit-section" data-testid="audit-section">
      <form
        className="audit-filters"
        onSubmit={(e) => {
          e.preventDefault();
          void load(filters, null);
        }}
      >
        <input aria-label="Action" placeholder="action, e.g. graphs.update" value={filters.action} onChange={field('action')} />
        <input aria-label="Object id" placeholder="object id" value={filters.objectId} onChange={field('objectId')} />
        <select aria-label="Client" value={filters.client} onChange={field('client')}>
          <option value="">any client</option>
          {['editor', 'cli', 'api', 'schedule', 'experiment', 'system'].map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
        <input aria-label="Since" type="datetime-local" value={filters.since} onChange={field('since')} />
        <button className="btn" type="submit">
          Filter
        </button>
      </form>
      {error ? <p className="error" role="alert">{error}</p> : null}
      {scope === 'own' ? <p className="muted" data-testid="audit-scope-own">Your own actions. Only the lab's owner and admins read the whole team's log.</p> : null}
      <table className="audit-table">
        <thead>
          <tr>
            <th>When</th>
            <th>Client</th>
            <th>Actor</th>
            <th>Action</th>
            <th>Object</th>
            <th>Reason</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e) => (
            <tr key={e.id} data-audit-action={e.action}>
              <td>{new Date(e.at).toLocaleString()}</td>
              <td>{e.client}</td>
              <td title={e.actor}>{e.actorName ?? e.actor}</td>
              <td>{e.action}</td>
              <td>{e.objectId ? `${e.objectType ?? ''} ${e.objectId}` : ''}</td>
              <td>{e.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {entries.length === 0 && !error ? <p className="muted">No entries.</p> : null}
      {cursor ? (
        <button className="btn ghost" onClick={() => void load(filters, cursor)}>
          Older
        </button>
      ) : null}
    </div>
  );
}
