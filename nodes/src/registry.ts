import type { AnyNodeDefinition } from './define';
import { foundationNodes } from './registry/foundation';
import { dataScienceNodes } from './registry/data-science';
import { modelingNodes } from './registry/modeling';
import { agentsNodes } from './registry/agents';

/**
 * The one explicit list of node types. Each category file in registry/ lists its own nodes
 * so that people adding nodes in different areas don't edit the same lines. Nothing is
 * discovered from disk at run time.
 */
export const registry: readonly AnyNodeDefinition[] = [...foundationNodes, ...dataScienceNodes, ...modelingNodes, ...agentsNodes];

export function nodeRegistry(): ReadonlyMap<string, AnyNodeDefinition> {
  const map = new Map<string, AnyNodeDefinition>();
  for (const n of registry) {
    if (map.has(n.type)) throw new Error(`node type "${n.type}" is registered twice`);
    map.set(n.type, n);
  }
  return map;
}
