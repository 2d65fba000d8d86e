import { z } from 'zod';

export const VEGA_LITE_TYPE = 'application/vnd.vegalite+json';

export interface ArtifactLike {
  id: string;
  kind: string;
  name: string;
  contentType: string;
  sizeBytes?: number | null;
  nodeId?: string | null;
  /** Listed by the run's artifacts endpoint; the run snapshot's refs carry none. */
  metadata?: unknown;
}

/** One line of an artifact list: a file, or a chart with its spec and the SVG drawn from it. */
export type ArtifactRow = { kind: 'file'; artifact: ArtifactLike } | { kind: 'chart'; title: string; spec: ArtifactLike; svg: ArtifactLike | null };

/** The SVG of a chart names the spec it was rendered from (nodes/src/charts/save.ts). */
const svgMetadata = z.looseObject({ specArtifactId: z.string() });

const isSpec = (a: ArtifactLike) => a.contentType.startsWith(VEGA_LITE_TYPE);

/** `ROC curve: lr.vl.json` -> `ROC curve: lr`: the name the node gave the chart. */
export function chartTitle(spec: ArtifactLike): string {
  return spec.name.replace(/\.vl\.json$/, '') || spec.name;
}

/**
 * Folds each chart's two artifacts into one row: a node saves a chart as its Vega-Lite spec
 * and an SVG whose metadata points back at the spec (`specArtifactId`), the key used to pair
 * them. Rows keep the order of the list; an SVG whose spec is not listed stays a file row.
 */
export function artifactRows(artifacts: readonly ArtifactLike[]): ArtifactRow[] {
  const specIds = new Set(artifacts.filter(isSpec).map((a) => a.id));
  const svgOf = new Map<string, ArtifactLike>();
  for (const a of artifacts) {
    const meta = svgMetadata.safeParse(a.metadata);
    if (!isSpec(a) && meta.success && specIds.has(meta.data.specArtifactId) && !svgOf.has(meta.data.specArtifactId)) svgOf.set(meta.data.specArtifactId, a);
  }
  const paired = new Set([...svgOf.values()].map((a) => a.id));
  const rows: ArtifactRow[] = [];
  for (const a of artifacts) {
    if (paired.has(a.id)) continue;
    rows.push(isSpec(a) ? { kind: 'chart', title: chartTitle(a), spec: a, svg: svgOf.get(a.id) ?? null } : { kind: 'file', artifact: a });
  }
  return rows;
}
