import { z } from 'zod';
import { apiProblemSchema } from './errors';
import { graphAccessSchema } from './auth';

/** Timestamps travel as ISO 8601 strings; clients convert them to what they display. */
export const isoTimestampSchema = z.string();

export const graphSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  currentVersion: z.number().int(),
  createdAt: isoTimestampSchema,
  updatedAt: isoTimestampSchema,
  /** What the asking user may do with it: its own, or shared with it (optional: older runtimes leave it out). */
  access: graphAccessSchema.optional(),
  /** Whose graph it is (optional, as `access`). */
  ownerName: z.string().optional(),
});
export type GraphSummary = z.infer<typeof graphSummarySchema>;

export const graphVersionSchema = z.object({ version: z.number().int(), createdAt: isoTimestampSchema, message: z.string().nullable() });
export type GraphVersion = z.infer<typeof graphVersionSchema>;

export const graphListResponseSchema = z.object({ graphs: z.array(graphSummarySchema) });
/** The answer to a create or a save: every save is a new version. */
export const graphSavedResponseSchema = z.object({ graph: graphSummarySchema, version: z.number().int() });
/** Documents travel as plain JSON: clients validate them with the catalog where they load them. */
export const graphWithDocumentResponseSchema = z.object({ graph: graphSummarySchema, version: z.number().int(), document: z.unknown() });
export const graphVersionsResponseSchema = z.object({ versions: z.array(graphVersionSchema) });
export const validateResponseSchema = z.object({ ok: z.boolean(), problems: z.array(apiProblemSchema) });
