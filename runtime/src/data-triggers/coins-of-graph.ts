/**
 * The coins a graph reads: every node's `coins` parameter (a list, as data.load_candles has) or
 * `coin` (one). Read from the document, not from a node registry, so a trigger knows its coins
 * without loading any node.
 */
export function coinsOfGraph(document: unknown): string[] {
  const nodes = (document as { nodes?: unknown })?.nodes;
  if (!Array.isArray(nodes)) return [];
  const coins = new Set<string>();
  for (const n of nodes) {
    const params = (n as { params?: Record<string, unknown> })?.params ?? {};
    if (Array.isArray(params.coins)) for (const c of params.coins) if (typeof c === 'string' && c) coins.add(c);
    if (typeof params.coin === 'string' && params.coin) coins.add(params.coin);
  }
  return [...coins].sort();
}
