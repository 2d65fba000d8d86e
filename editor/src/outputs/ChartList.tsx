import { api } from '../api/client';
import { useUiStore } from '../stores/ui-store';
import { VegaChart } from './VegaChart';

export interface ChartRefLike {
  name: string;
  specArtifactId: string;
  svgArtifactId: string;
}

export function isChartRefList(v: unknown): v is ChartRefLike[] {
  return Array.isArray(v) && v.every((c) => typeof c === 'object' && c !== null && typeof (c as ChartRefLike).specArtifactId === 'string');
}

/** Charts a node made (ROC, confusion matrix, equity, importance...), drawn from their specs. */
export function ChartList({ charts }: { charts: ChartRefLike[] }) {
  if (!charts.length) return null;
  return (
    <div className="chart-list">
      {charts.map((c) => {
        const open = () => useUiStore.getState().openDialog({ kind: 'chart', title: c.name, specArtifactId: c.specArtifactId, svgArtifactId: c.svgArtifactId });
        return (
          <figure key={c.specArtifactId} className="chart-card" data-chart={c.name}>
            <figcaption>
              <span>{c.name}</span>
              <span className="row gap">
                <button className="link-btn" onClick={open}>
                  Open
                </button>
                <a className="link-btn" href={api.artifactUrl(c.svgArtifactId, true)}>
                  SVG
                </a>
              </span>
            </figcaption>
            {/* The panel shows the chart small; a click opens it at full size. */}
            <div className="chart-thumb" role="button" tabIndex={0} title="Open at full size" onClick={open} onKeyDown={(e) => e.key === 'Enter' && open()}>
              <VegaChart specArtifactId={c.specArtifactId} actions={false} />
            </div>
          </figure>
        );
      })}
    </div>
  );
}
