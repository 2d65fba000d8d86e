import { context, createContextKey, type Attributes, type Context } from '@opentelemetry/api';

/** Attribute names every coinlab span carries where they apply. */
export const ATTR_RUN_ID = 'coinlab.run_id';
export const ATTR_NODE_ID = 'coinlab.node_id';
export const ATTR_NODE_TYPE = 'coinlab.node_type';

export interface NodeScopeAttrs {
  runId: string;
  nodeId?: string;
  nodeType?: string;
}

/**
 * The run and node a piece of work belongs to, kept in the OpenTelemetry context next to the
 * active span: a database query or model call deep inside a node reads it from there, without
 * the node passing anything down (span attributes cannot be read back through the API).
 */
const SCOPE = createContextKey('coinlab.scope');

export function withScope(ctx: Context, scope: NodeScopeAttrs): Context {
  return ctx.setValue(SCOPE, scope);
}

export function activeScope(): NodeScopeAttrs | undefined {
  return context.active().getValue(SCOPE) as NodeScopeAttrs | undefined;
}

export function scopeAttributes(scope: NodeScopeAttrs | undefined): Attributes {
  if (!scope) return {};
  return {
    [ATTR_RUN_ID]: scope.runId,
    ...(scope.nodeId === undefined ? {} : { [ATTR_NODE_ID]: scope.nodeId }),
    ...(scope.nodeType === undefined ? {} : { [ATTR_NODE_TYPE]: scope.nodeType }),
  };
}
