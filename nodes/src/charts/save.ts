import type { ArtifactService } from '../services';
import type { ChartRef } from '../port-values';
import type { ChartSpec } from './specs';
import { renderSvg } from './render';

export const VEGA_LITE_CONTENT_TYPE = 'application/vnd.vegalite+json';

/**
 * Saves a chart as two artifacts: its Vega-Lite spec (the editor renders it interactively)
 * and the SVG rendered from that same spec (reports, CLI), which points back to the spec.
 */
export async function saveChart(artifacts: ArtifactService, name: string, spec: ChartSpec): Promise<ChartRef> {
  const specRef = await artifacts.save({ kind: 'chart', name: `${name}.vl.json`, contentType: VEGA_LITE_CONTENT_TYPE, content: JSON.stringify(spec) });
  const svg = await renderSvg(spec);
  const svgRef = await artifacts.save({ kind: 'chart', name: `${name}.svg`, contentType: 'image/svg+xml', content: svg, metadata: { specArtifactId: specRef.id } });
  return { name, specArtifactId: specRef.id, svgArtifactId: svgRef.id };
}
