import type { Catalog, CatalogEntry, GraphDocument, GraphNode } from '@coinlab/shared';
import type { CoinInfo } from '../api/views';

/**
 * Data warnings: the graph is valid, but the market data it names is not in the database
 * (a coin never imported, or a date range outside the coin's candles). The runtime would
 * fail the load at run time; the editor says so beforehand, without blocking Run, since
 * the user may be about to import.
 */
export interface DataWarning {
  code: 'unknown-coin' | 'out-of-range';
  nodeId: string;
  /** Where in the document, in the same form as a graph problem: `nodes[0].params.coins[1]`. */
  path: string;
  coin: string;
  /** May hold `code` in backticks, which the Problems list shows as code. */
  message: string;
}

/**
 * Params that name coins to read from the database: the `coins` widget (data.load_candles,
 * agent.react). The single `coin` widget (eda.price_chart) picks among the candles its
 * input already loaded, so the loading node carries that warning.
 */
function databaseCoinParams(entry: CatalogEntry): string[] {
  return Object.entries(entry.ui.params ?? {})
    .filter(([, ui]) => ui.widget === 'coins')
    .map(([name]) => name);
}

/** Params with their defaults, as the runtime will see them; the raw params when they don't parse (that is a graph problem). */
function effectiveParams(node: GraphNode, entry: CatalogEntry): Record<string, unknown> {
  const raw = node.typeVersion < entry.version && entry.migrateParams ? entry.migrateParams(node.typeVersion, node.params) : node.params;
  const parsed = entry.params.safeParse(raw);
  return parsed.success ? parsed.data : raw;
}

/** Epoch ms of a date param the way the nodes read it (nodes/src/lib/params.ts): a bare date is midnight UTC. */
export function dateParamMs(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ms) ? undefined : ms;
}

const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

function rangeText(from: unknown, to: unknown): string {
  const f = typeof from === 'string' && from ? from : null;
  const t = typeof to === 'string' && to ? to : null;
  return f && t ? `between ${f} and ${t}` : f ? `from ${f} on` : `up to ${t ?? ''}`;
}

/** Where the user imports candles: the Data panel of the editor (the Problems list links to it). */
export function importHint(coin: string): string {
  return `import its candles in the Data panel (drop a JSON or CSV file of ${coin} there)`;
}

/** Every data warning of a document against the database's coins (GET /coins). */
export function dataWarnings(doc: GraphDocument, coins: readonly CoinInfo[], catalog: Catalog): DataWarning[] {
  const byCoin = new Map(coins.map((c) => [c.coin, c]));
  const warnings: DataWarning[] = [];
  doc.nodes.forEach((node, i) => {
    const entry = catalog.get(node.type);
    if (!entry) return;
    const names = databaseCoinParams(entry);
    if (!names.length) return;
    const params = effectiveParams(node, entry);
    const from = dateParamMs(params['from']);
    const to = dateParamMs(params['to']);
    for (const name of names) {
      const list = params[name];
      if (!Array.isArray(list)) continue;
      list.forEach((coin: unknown, k) => {
        if (typeof coin !== 'string' || !coin) return;
        const info = byCoin.get(coin);
        if (!info) {
          warnings.push({
            code: 'unknown-coin',
            nodeId: node.id,
            path: `nodes[${i}].params.${name}[${k}]`,
            coin,
            message: `${coin} is not in the database — ${importHint(coin)}`,
          });
          return;
        }
        if (from === undefined && to === undefined) return;
        if (info.firstTs == null || info.lastTs == null) return;
        // Both ends inclusive, as the runtime reads them (ts >= from and ts <= to).
        const before = to !== undefined && to < info.firstTs;
        const after = from !== undefined && from > info.lastTs;
        if (!before && !after) return;
        warnings.push({
          code: 'out-of-range',
          nodeId: node.id,
          path: `nodes[${i}].params.${before ? 'to' : 'from'}`,
          coin,
          message: `${coin} has no candles ${rangeText(params['from'], params['to'])}: the database holds ${coin} from ${day(info.firstTs)} to ${day(info.lastTs)}`,
        });
      });
    }
  });
  return warnings;
}
