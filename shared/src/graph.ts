import { z } from 'zod';

/** The current graph document format. Older documents are migrated on load (migrate.ts). */
export const GRAPH_FORMAT_VERSION = 2;

const identifier = z
  .string()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .regex(/^[A-Za-z0-9_.:-]+$/, 'may contain only letters, digits, _ . : -');

export const nodeIdSchema = identifier;

export const graphNodeSchema = z.object({
  id: nodeIdSchema,
  type: z.string().min(1),
  typeVersion: z.number().int().min(1),
  params: z.record(z.string(), z.unknown()).default({}),
  position: z.object({ x: z.number(), y: z.number() }).default({ x: 0, y: 0 }),
  label: z.string().max(200).optional(),
});
export type GraphNode = z.infer<typeof graphNodeSchema>;

export const portRefSchema = z.object({ node: nodeIdSchema, port: z.string().min(1) });
export type PortRef = z.infer<typeof portRefSchema>;

export const graphEdgeSchema = z.object({
  id: z.string().min(1).optional(),
  source: portRefSchema,
  target: portRefSchema,
});
export type GraphEdge = z.infer<typeof graphEdgeSchema>;

export const graphDocumentSchema = z.object({
  version: z.literal(GRAPH_FORMAT_VERSION),
  name: z.string().min(1).max(200).default('Untitled graph'),
  description: z.string().max(5000).optional(),
  nodes: z.array(graphNodeSchema).max(5000),
  edges: z.array(graphEdgeSchema).max(20000),
  metadata: z.record(z.string(), z.unknown()).default({}),
});
export type GraphDocument = z.infer<typeof graphDocumentSchema>;
/** What callers may write: defaults (params, position, metadata, name) may be left out. */
export type GraphDocumentInput = z.input<typeof graphDocumentSchema>;

export function edgeKey(edge: GraphEdge): string {
  return `${edge.source.node}.${edge.source.port}->${edge.target.node}.${edge.target.port}`;
}
