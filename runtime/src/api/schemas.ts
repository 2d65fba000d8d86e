import { z } from '@hono/zod-openapi';
import {
  apiProblemSchema,
  artifactSummarySchema as sharedArtifactSummary,
  graphSummarySchema as sharedGraphSummary,
  graphVersionSchema as sharedGraphVersion,
  runSnapshotSchema as sharedRunSnapshot,
  runStatusSchema,
  runSummarySchema as sharedRunSummary,
} from '@coinlab/shared';

/** The largest value of a PostgreSQL integer column (versions, sequence numbers): beyond it the database refuses the query. */
export const INT4_MAX = 2_147_483_647;

export const idParam = z.object({ id: z.string().min(1).max(100).openapi({ param: { name: 'id', in: 'path' } }) });
export const isUuid = (s: string): boolean => /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(s);

// Response shapes are the shared API contract (shared/src/api), named here for the OpenAPI document (zod's own metadata: a shared schema may be built before @hono/zod-openapi adds its .openapi method).
export const graphSummarySchema = sharedGraphSummary.meta({ id: 'GraphSummary' });
export type GraphSummary = z.infer<typeof graphSummarySchema>;
export const graphVersionSchema = sharedGraphVersion.meta({ id: 'GraphVersion' });
export const problemSchema = apiProblemSchema.meta({ id: 'Problem' });

/** Graph documents are checked by validateGraph (graph-level problems too), not by the route schema. */
export const documentBody = z.object({ document: z.unknown().openapi({ description: 'A graph document (see shared/src/graph.ts)' }), message: z.string().max(500).optional() });

export const runSummarySchema = sharedRunSummary.meta({ id: 'RunSummary' });
export type RunSummary = z.infer<typeof runSummarySchema>;
export const runSnapshotSchema = sharedRunSnapshot.meta({ id: 'RunSnapshot' });

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

export const artifactSummarySchema = sharedArtifactSummary.meta({ id: 'Artifact' });

export const interactionAnswerBody = z.object({
  decision: z.string().min(1).max(100),
  value: z.unknown().optional(),
  reason: z.string().max(2000).optional(),
});

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
export function toRunSummary(r: { id: string; graphId: string | null; graphVersion: number | null; status: string; trigger: string; createdAt: Date; startedAt: Date | null; finishedAt: Date | null; error: string | null }): RunSummary {
  return {
    id: r.id,
    graphId: r.graphId,
    graphVersion: r.graphVersion,
    // The runs table's check constraint holds the status list; parsing says so loudly if it ever drifts.
    status: runStatusSchema.parse(r.status),
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
