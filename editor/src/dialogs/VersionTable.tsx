import type { GraphVersion } from '../api/views';
import { formatDateTime, formatFullDateTime } from '../util/format';

export type VersionPair = [number | null, number | null];

/**
 * The saved versions of a graph, newest first: when each was saved (date and time on one
 * line, the full timestamp on hover), its message when any version has one (editor saves
 * have none; planned and duplicated graphs do), the pair to compare, and Restore for every
 * version but the newest, which is the graph's current version.
 */
export function VersionTable({
  versions,
  canvasVersion,
  pair,
  onPick,
  onRestore,
}: {
  /** Newest first. */
  versions: readonly GraphVersion[];
  /** The saved version the canvas was loaded from, marked when it is not the current one. */
  canvasVersion: number | null;
  pair: VersionPair;
  onPick(side: 0 | 1, version: number): void;
  onRestore(version: number): void;
}) {
  const current = versions[0]?.version ?? null;
  const withMessages = versions.some((v) => !!v.message?.trim());
  return (
    <table className="run-table version-table">
      <thead>
        <tr>
          <th>Version</th>
          <th>Saved</th>
          {withMessages && <th>Message</th>}
          <th>Compare</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {versions.map((v) => (
          <tr key={v.version} data-version={v.version}>
            <td>
              v{v.version}
              {v.version === canvasVersion && v.version !== current ? <span className="tag">on canvas</span> : null}
            </td>
            <td className="version-saved">
              <time dateTime={Number.isFinite(v.createdAt) ? new Date(v.createdAt).toISOString() : undefined} title={formatFullDateTime(v.createdAt)}>
                {formatDateTime(v.createdAt)}
              </time>
            </td>
            {withMessages && <td className="muted version-message">{v.message ?? ''}</td>}
            <td className="version-compare">
              <label className="check">
                <input type="radio" name="from" checked={pair[0] === v.version} onChange={() => onPick(0, v.version)} /> from
              </label>
              <label className="check">
                <input type="radio" name="to" checked={pair[1] === v.version} onChange={() => onPick(1, v.version)} /> to
              </label>
            </td>
            <td className="version-action">
              {v.version === current ? (
                <span className="tag" title="The graph's newest saved version">
                  current
                </span>
              ) : (
                <button className="btn small" onClick={() => onRestore(v.version)} title={`Put v${v.version} on the canvas; saving makes it current`}>
                  Restore
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
