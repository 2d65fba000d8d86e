import { api } from '../api/client';
import { useUiStore } from '../stores/ui-store';
import { formatBytes } from '../util/format';
import { artifactRows, type ArtifactLike } from './artifact-rows';

/**
 * Artifacts with open and download links. A chart is one row named by its title: Open draws
 * it in the chart viewer, SVG downloads the rendered picture, the spec JSON is a quieter link.
 */
export function ArtifactList({ artifacts, showNode = false }: { artifacts: readonly ArtifactLike[]; showNode?: boolean }) {
  return (
    <ul className="artifact-list">
      {artifactRows(artifacts).map((row) => {
        if (row.kind === 'chart') {
          const { spec, svg, title } = row;
          const open = () => useUiStore.getState().openDialog({ kind: 'chart', title, specArtifactId: spec.id, ...(svg ? { svgArtifactId: svg.id } : {}) });
          return (
            <li key={spec.id} data-artifact={spec.id} data-chart={title}>
              <span className="artifact-kind kind-chart">chart</span>
              <span className="artifact-name" title={title}>
                {title}
              </span>
              {showNode && spec.nodeId && <span className="muted small mono">{spec.nodeId}</span>}
              <span className="muted small" title={svg ? 'size of the SVG' : 'size of the spec'}>
                {formatBytes((svg ?? spec).sizeBytes)}
              </span>
              <span className="artifact-actions">
                <button className="link-btn" onClick={open} title="Open in the interactive chart viewer">
                  Open
                </button>
                {svg && (
                  <a className="link-btn" href={api.artifactUrl(svg.id, true)} download title={`Download ${svg.name}`} data-chart-svg={svg.id}>
                    SVG
                  </a>
                )}
                <a className="link-btn secondary" href={api.artifactUrl(spec.id, true)} download title={`Download the Vega-Lite spec, ${spec.name}`}>
                  spec JSON
                </a>
              </span>
            </li>
          );
        }
        const a = row.artifact;
        return (
          <li key={a.id} data-artifact={a.id}>
            <span className={`artifact-kind kind-${a.kind}`}>{a.kind}</span>
            <span className="artifact-name" title={a.contentType}>
              {a.name}
            </span>
            {showNode && a.nodeId && <span className="muted small mono">{a.nodeId}</span>}
            <span className="muted small">{formatBytes(a.sizeBytes)}</span>
            <span className="artifact-actions">
              <a className="link-btn" href={api.artifactUrl(a.id)} target="_blank" rel="noreferrer">
                Open
              </a>
              <a className="link-btn" href={api.artifactUrl(a.id, true)} download>
                Download
              </a>
            </span>
          </li>
        );
      })}
    </ul>
  );
}
