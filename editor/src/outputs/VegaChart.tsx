import { useEffect, useRef, useState } from 'react';
import type { Config } from 'vega-lite';
import { api } from '../api/client';

/** The editor's own charts follow its dark theme: quiet grid, readable labels. */
const DARK: Config = {
  background: 'transparent',
  view: { stroke: null },
  axis: { gridColor: '#232833', domainColor: '#3a4150', tickColor: '#3a4150', labelColor: '#aab2bf', titleColor: '#aab2bf', labelFontSize: 10 },
  legend: { labelColor: '#aab2bf', titleColor: '#aab2bf' },
  title: { color: '#e4e7ec', fontSize: 12, fontWeight: 600 },
  range: { category: ['#4f8cff', '#f59e0b', '#22c55e', '#e879f9', '#ef4444', '#14b8a6'] },
  line: { color: '#4f8cff' },
};

/**
 * A Vega-Lite chart rendered with vega-embed: either a spec built here or a chart artifact
 * (the spec the node library wrote, application/vnd.vegalite+json), the same spec the
 * reports use. vega-embed is loaded on first use to keep the editor's start fast.
 */
export function VegaChart({ spec, specArtifactId, className, actions = true }: { spec?: object; specArtifactId?: string; className?: string; actions?: boolean }) {
  // Specs built here are drawn in the editor's dark theme; artifact specs as the node wrote
  // them (the reports' look, usually on white), so they read the same everywhere.
  const themed = spec !== undefined;
  const ref = useRef<HTMLDivElement>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    let cancelled = false;
    let finalize: (() => void) | null = null;
    setError(null);
    setLoading(true);
    void (async () => {
      const resolved: unknown = spec ?? (specArtifactId ? JSON.parse(await api.artifactText(specArtifactId)) : null);
      if (!resolved || typeof resolved !== 'object') throw new Error('no chart spec');
      const [{ default: embed }, { expressionInterpreter }] = await Promise.all([import('vega-embed'), import('vega-interpreter')]);
      if (cancelled || !ref.current) return;
      const result = await embed(ref.current, resolved as Parameters<typeof embed>[1], {
        // Thumbnails leave the ⋯ menu out: it sat on their legends, and their card has Open and SVG.
        actions: actions ? { export: true, source: false, compiled: false, editor: false } : false,
        renderer: 'svg',
        // The editor's CSP allows no eval: Vega's expressions are interpreted from their AST
        // instead of compiled with new Function.
        ast: true,
        expr: expressionInterpreter,
        ...(themed ? { config: DARK } : {}),
      });
      if (cancelled) result.finalize();
      else finalize = () => result.finalize();
    })()
      .catch((err: unknown) => {
        if (!cancelled) setError(err instanceof Error ? err.message : String(err));
      })
      .finally(() => {
        if (!cancelled) setLoading(false);
      });
    return () => {
      cancelled = true;
      finalize?.();
    };
  }, [spec, specArtifactId, themed, actions]);
  return (
    <div className={`vega-chart${themed ? '' : ' light'} ${className ?? ''}`} data-chart-state={error ? 'error' : loading ? 'loading' : 'ready'}>
      {loading && !error && <div className="muted small">Drawing chart…</div>}
      {error && <div className="field-error">Chart failed: {error}</div>}
      <div ref={ref} />
    </div>
  );
}
