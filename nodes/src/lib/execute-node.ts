import type { InputValues, LogLevel, NodeDefinition, OutputValues, TypedPort } from '../define';
import type { NodeServices } from '../services';
import type { z } from 'zod';

export interface ExecutedNode<O> {
  outputs: O;
  logs: { level: LogLevel; message: string; data?: unknown }[];
}

/**
 * Runs one node definition directly, outside the engine: params parsed with their defaults,
 * logs collected. For tests and scripts that exercise a node on its own (the engine is what
 * runs graphs).
 */
export async function executeNode<PSchema extends z.ZodType<Record<string, unknown>, Record<string, unknown>>, I extends Record<string, TypedPort>, O extends Record<string, TypedPort>>(
  def: NodeDefinition<PSchema, I, O>,
  opts: { params?: z.input<PSchema>; inputs: InputValues<I>; services: NodeServices; signal?: AbortSignal },
): Promise<ExecutedNode<OutputValues<O>>> {
  const logs: ExecutedNode<unknown>['logs'] = [];
  const params = def.params.parse(opts.params ?? {});
  const outputs = await def.execute({
    params,
    inputs: opts.inputs,
    services: opts.services,
    signal: opts.signal ?? new AbortController().signal,
    progress: () => {},
    log: (level, message, data) => void logs.push({ level, message, data }),
    nodeId: 'direct',
    runId: 'direct',
  });
  return { outputs, logs };
}
