import type { z } from 'zod';
import type { AgentTool } from './types';

/**
 * Declares an agent tool with `invoke` typed by its schema. The result is an `AgentTool`
 * (any object schema), so tools with different schemas can share one array; the agent
 * validates the arguments against `schema` before calling `invoke`.
 */
export function defineAgentTool<S extends z.ZodObject>(tool: AgentTool<S>): AgentTool {
  return tool as unknown as AgentTool;
}
