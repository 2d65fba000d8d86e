import { z } from 'zod';
import { CACHE_POLICIES, NODE_CATEGORIES, PARAM_UNITS, PARAM_WIDGETS, type CatalogEntry } from '../catalog';
import { portSpecSchema } from '../ports';

/**
 * GET /catalog: every node type as a client that does not import the node package sees it —
 * its metadata, ports and params as JSON Schema. One contract for the runtime (which builds it
 * from the catalog entries, shared/src/catalog.ts) and its clients (the editor's experiment
 * form reads the params' ranges and the ports from it).
 */
export const paramUiSchema = z.object({
  widget: z.enum(PARAM_WIDGETS).optional(),
  help: z.string().optional(),
  advanced: z.boolean().optional(),
  synonyms: z.array(z.string()).readonly().optional(),
  unit: z.enum(PARAM_UNITS).optional(),
});

export const nodeUiSchema = z.object({
  title: z.string(),
  category: z.enum(NODE_CATEGORIES),
  description: z.string(),
  tags: z.array(z.string()).readonly().optional(),
  params: z.record(z.string(), paramUiSchema).optional(),
});

export const catalogNodeSchema = z.object({
  type: z.string(),
  version: z.number().int(),
  ui: nodeUiSchema,
  inputs: z.record(z.string(), portSpecSchema),
  outputs: z.record(z.string(), portSpecSchema),
  cache: z.enum(CACHE_POLICIES),
  /** The params as JSON Schema (zod's input form: defaults are optional). */
  paramsSchema: z.record(z.string(), z.unknown()),
});
export type CatalogNode = z.infer<typeof catalogNodeSchema>;

export const catalogResponseSchema = z.object({ nodes: z.array(catalogNodeSchema) });

/** A catalog entry as GET /catalog shows it: params as JSON Schema of their input (defaults optional). */
export const catalogNode = (e: CatalogEntry): CatalogNode => ({
  type: e.type,
  version: e.version,
  ui: e.ui,
  inputs: e.inputs,
  outputs: e.outputs,
  cache: e.cache,
  paramsSchema: z.toJSONSchema(e.params, { io: 'input', unrepresentable: 'any' }),
});
