import type { ChartSpec } from './specs';

/**
 * Server-side rendering of a Vega-Lite spec to SVG: vega-lite compiles it to Vega, a headless
 * Vega View (renderer 'none') draws it to an SVG string. vega and vega-lite are imported
 * here, on first use, so the node catalog the editor loads stays light.
 *
 * Offline by construction: a spec must carry its data inline. A data source with a URL is
 * refused before rendering, the loader refuses every URL and file anyway, and an error that
 * Vega would only log (it renders an empty chart when a load fails) fails the render.
 */
export async function renderSvg(spec: ChartSpec): Promise<string> {
  const [vl, vega] = await Promise.all([import('vega-lite'), import('vega')]);
  const compiled = vl.compile(spec).spec;
  const remote = (compiled.data ?? []).filter((d) => 'url' in d && d.url !== undefined);
  if (remote.length) throw new Error(`charts render offline: refused to load data from a URL (${remote.map((d) => d.name).join(', ')}); put the data inline`);
  const loader = vega.loader();
  const refuse = (what: string) => () => Promise.reject(new Error(`charts render offline: refused to load ${what}`));
  loader.load = refuse('a URL');
  loader.sanitize = refuse('a URL');
  loader.http = refuse('over HTTP');
  loader.file = refuse('a file');
  const errors: string[] = [];
  const quiet = () => logger;
  const logger = {
    level: (..._: unknown[]) => (_.length ? logger : 0),
    error: (...args: unknown[]) => {
      errors.push(args.map(String).join(' '));
      return logger;
    },
    warn: quiet,
    info: quiet,
    debug: quiet,
  };
  const view = new vega.View(vega.parse(compiled), { renderer: 'none', loader, logger: logger as unknown as ReturnType<typeof vega.logger> });
  try {
    const svg = await view.toSVG();
    if (errors.length) throw new Error(`chart failed to render: ${errors.join('; ')}`);
    return svg;
  } finally {
    view.finalize();
  }
}
