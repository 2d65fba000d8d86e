import { z } from 'zod';
import { experimentDetailResponseSchema, experimentListResponseSchema, experimentResponseSchema, experimentViewSchema, iterationViewSchema, promotionViewSchema } from '@coinlab/shared';
import { requestJson } from '../api/http';

/**
 * The runtime's experiments API (runtime/src/api/routes/experiments.ts), answers parsed with the
 * shared contract; the spec is read further for the fields the view shows.
 */
export const iterationSchema = iterationViewSchema;
export type Iteration = z.infer<typeof iterationSchema>;
export const promotionSchema = promotionViewSchema;
export type Promotion = z.infer<typeof promotionSchema>;

const specSchema = z.looseObject({
  objective: z.object({ node: z.string(), metric: z.string(), direction: z.enum(['maximize', 'minimize']) }),
  stopRules: z.looseObject({ maxIterations: z.number() }),
  autoApprove: z.looseObject({ enabled: z.boolean() }),
});

export const experimentSchema = experimentViewSchema.extend({ spec: specSchema });
export type Experiment = z.infer<typeof experimentSchema>;

const detailSchema = experimentDetailResponseSchema.extend({ experiment: experimentSchema });
export type ExperimentDetail = z.infer<typeof detailSchema>;

/** A new experiment as the form builds it (the runtime fills the other fields' defaults). */
export interface NewExperiment {
  name: string;
  graphId: string;
  searchSpace: unknown[];
  objective: { node: string; metric: string; direction: 'maximize' | 'minimize' };
  evaluation: { dataNode: string; from: string; holdoutFrom: string; to: string; folds?: number };
  constraints?: Record<string, number>;
  limits?: Record<string, number>;
  stopRules: { maxIterations: number; minImprovement?: number };
  autoApprove: { enabled: boolean };
  proposer?: 'tpe' | 'random' | 'llm';
}

const one = experimentResponseSchema.extend({ experiment: experimentSchema });
const path = (id: string, action = '') => `/experiments/${encodeURIComponent(id)}${action}`;

export const experimentsApi = {
  list: async (): Promise<Experiment[]> => (await requestJson('/experiments', experimentListResponseSchema.extend({ experiments: z.array(experimentSchema) }))).experiments,
  get: (id: string): Promise<ExperimentDetail> => requestJson(path(id), detailSchema),
  create: async (e: NewExperiment): Promise<Experiment> => (await requestJson('/experiments', one, { method: 'POST', body: e })).experiment,
  stop: async (id: string): Promise<Experiment> => (await requestJson(path(id, '/stop'), one, { method: 'POST' })).experiment,
  pause: async (id: string): Promise<Experiment> => (await requestJson(path(id, '/pause'), one, { method: 'POST' })).experiment,
  resume: async (id: string): Promise<Experiment> => (await requestJson(path(id, '/resume'), one, { method: 'POST' })).experiment,
};

/** The server's node catalog: each node type's params as JSON Schema (GET /catalog). */
const catalogSchema = z.object({ nodes: z.array(z.object({ type: z.string(), outputs: z.record(z.string(), z.object({ type: z.string() }).passthrough()), paramsSchema: z.record(z.string(), z.unknown()) })) });
export type ServerCatalogNode = z.infer<typeof catalogSchema>['nodes'][number];
export const serverCatalog = async (): Promise<ServerCatalogNode[]> => (await requestJson('/catalog', catalogSchema)).nodes;
