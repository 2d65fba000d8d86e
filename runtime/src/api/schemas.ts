import { z } from '@hono/zod-openapi';

/** The largest value of a PostgreSQL integer column (versions, sequence numbers): beyond it the database refuses the query. */
export const INT4_MAX = 2_147_483_647;

export const idParam = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) });
export const isUuid = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

export const graphSummarySchema = z
  .object({ id: z.string(), name: z.string(), currentVersion: z.number(), createdAt: z.string(), updatedAt: z.string() })
  .openapi('GraphSummary');
export type GraphSummary = z.infer<typeof graphSummarySchema>;

export const problemSchema = z.object({ path: z.string(), message: z.string(), nodeId: z.string().optional() }).openapi('Problem');

/** Graph documents are checked by validateGraph (graph-level problems too), not by the route schema. */
export const documentBody = z.object({ document: z.unknown().openapi({ description: 'A graph document (see shared/src/graph.ts)' }), message: z.string().max(500).optional() });

export const runSummarySchema = z
  .object({
    id: z.string(),
    graphId: z.string().nullable(),
    graphVersion: z.number().nullable(),
    status: z.string(),
    trigger: z.string(),
    createdAt: z.string(),
    startedAt: z.string().nullable(),
    finishedAt: z.string().nullable(),
    durationMs: z.number().nullable(),
    error: z.string().nullable(),
  })
  .openapi('RunSummary');
export type RunSummary = z.infer<typeof runSummarySchema>;

export const startRunBody = z
  .object({
    graphId: z.uuid().optional(),
    version: z.number().int().positive().max(INT4_MAX).optional(),
    document: z.unknown().optional(),
    trigger: z.string().max(40).optional(),
    fromNode: z.string().optional(),
    paramOverrides: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
    noCache: z.boolean().optional(),
  })
  .refine((b) => (b.graphId === undefined) !== (b.document === undefined), { message: 'give either graphId or document', path: ['graphId'] });

export const artifactSummarySchema = z
  .object({
    id: z.string(),
    runId: z.string().nullable(),
    nodeId: z.string().nullable(),
    kind: z.string(),
    name: z.string(),
    contentType: z.string(),
    sizeBytes: z.number(),
    createdAt: z.string(),
    metadata: z.record(z.string(), z.unknown()),
  })
  .openapi('Artifact');

export const interactionAnswerBody = z.object({
  decision: z.string().min(1).max(100),
  value: z.unknown().optional(),
  reason: z.string().max(2000).optional(),
  by: z.string().max(100).optional(),
});

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
export function toRunSummary(r: { id: string; graphId: string | null; graphVersion: number | null; status: string; trigger: string; createdAt: Date; startedAt: Date | null; finishedAt: Date | null; error: string | null }): RunSummary {
  return {
    id: r.id,
    graphId: r.graphId,
    graphVersion: r.graphVersion,
    status: r.status,
    trigger: r.trigger,
    createdAt: r.createdAt.toISOString(),
    startedAt: iso(r.startedAt),
    finishedAt: iso(r.finishedAt),
    durationMs: r.startedAt && r.finishedAt ? r.finishedAt.getTime() - r.startedAt.getTime() : null,
    error: r.error,
  };
}
export function toGraphSummary(g: { id: string; name: string; currentVersion: number; createdAt: Date; updatedAt: Date }): GraphSummary {
  return { id: g.id, name: g.name, currentVersion: g.currentVersion, createdAt: g.createdAt.toISOString(), updatedAt: g.updatedAt.toISOString() };
}
