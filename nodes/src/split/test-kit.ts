import type { z } from 'zod';
import type { InputValues, NodeDefinition, TypedPort } from '../define';
import type { PortType } from '@coinlab/shared';
import type { NodeServices } from '../services';

/** A node's inputs as a test writes them: optional ports may be left out (the engine passes undefined). */
type RunInputs<I extends Record<string, TypedPort>> = {
  [K in keyof I as I[K] extends TypedPort<PortType, true, boolean> ? never : K]: InputValues<I>[K];
} & {
  [K in keyof I as I[K] extends TypedPort<PortType, true, boolean> ? K : never]?: InputValues<I>[K];
};

/**
 * Runs one node the way the engine does (params parsed with their defaults), for the
 * modelling nodes' tests and fixtures. Typed by the node definition so callers need no casts.
 */
export async function runNode<P extends z.ZodType<Record<string, unknown>, Record<string, unknown>>, I extends Record<string, TypedPort>, O extends Record<string, TypedPort>>(
  def: NodeDefinition<P, I, O>,
  params: z.input<P>,
  inputs: RunInputs<I>,
  services: NodeServices,
  logs?: string[],
): ReturnType<NodeDefinition<P, I, O>['execute']> {
  return def.execute({
    params: def.params.parse(params),
    // Left-out optional inputs read as undefined, exactly as the engine passes them.
    inputs: inputs as unknown as InputValues<I>,
    services,
    signal: new AbortController().signal,
    progress: () => {},
    log: (_level, message) => void logs?.push(message),
    nodeId: def.type,
    runId: 'test',
  });
}
