import { api } from '../api/client';
import { useUiStore } from '../stores/ui-store';
import { formatBytes } from '../util/format';

export const VEGA_LITE_TYPE = 'application/vnd.vegalite+json';

interface ArtifactLike {
  id: string;
  kind: string;
  name: string;
  contentType: string;
  sizeBytes?: number | null;
  nodeId?: string | null;
}

/** Artifacts with open (charts in the chart viewer, the rest in a new tab) and download links. */
export function ArtifactList({ artifacts, showNode = false }: { artifacts: readonly ArtifactLike[]; showNode?: boolean }) {
  return (
    <ul className="artifact-list">
      {artifacts.map((a) => (
        <li key={a.id} data-artifact={a.id}>
          <span className={`artifact-kind kind-${a.kind}`}>{a.kind}</span>
          <span className="artifact-name" title={a.contentType}>
            {a.name}
          </span>
          {showNode && a.nodeId && <span className="muted small mono">{a.nodeId}</span>}
          <span className="muted small">{formatBytes(a.sizeBytes)}</span>
          <span className="artifact-actions">
            {a.contentType.startsWith(VEGA_LITE_TYPE) ? (
              <button className="link-btn" onClick={() => useUiStore.getState().openDialog({ kind: 'chart', title: a.name, specArtifactId: a.id })}>
                Open chart
              </button>
            ) : (
              <a className="link-btn" href={api.artifactUrl(a.id)} target="_blank" rel="noreferrer">
                Open
              </a>
            )}
            <a className="link-btn" href={api.artifactUrl(a.id, true)} download>
              Download
            </a>
          </span>
        </li>
      ))}
    </ul>
  );
}
