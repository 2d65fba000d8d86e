/** A readable node id for a node type, unique among `taken`: `sma_1`, `sma_2`, ... */
export function newNodeId(nodeType: string, taken: ReadonlySet<string>): string {
  const base = (nodeType.split('.').pop() ?? 'node').replace(/[^A-Za-z0-9_]/g, '_') || 'node';
  for (let i = 1; ; i++) {
    const id = `${base}_${i}`;
    if (!taken.has(id)) return id;
  }
}
