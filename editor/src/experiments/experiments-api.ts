import { z } from 'zod';
import {
  catalogResponseSchema,
  experimentDetailResponseSchema,
  experimentListResponseSchema,
  experimentResponseSchema,
  experimentViewSchema,
  iterationViewSchema,
  promotionViewSchema,
  type CatalogNode,
  type ExperimentCreateInput,
} from '@coinlab/shared';
import { requestJson } from '../api/http';

/**
 * The runtime's experiments API (runtime/src/api/routes/experiments.ts): requests typed and
 * answers parsed with the shared contract (shared/src/api/experiments.ts, experiment-spec.ts).
 */
export const iterationSchema = iterationViewSchema;
export type Iteration = z.infer<typeof iterationSchema>;
export const promotionSchema = promotionViewSchema;
export type Promotion = z.infer<typeof promotionSchema>;

export const experimentSchema = experimentViewSchema;
export type Experiment = z.infer<typeof experimentSchema>;
export type ExperimentDetail = z.infer<typeof experimentDetailResponseSchema>;

/** A new experiment as the form builds it (the runtime fills the other fields' defaults). */
export type NewExperiment = ExperimentCreateInput;

const path = (id: string, action = '') => `/experiments/${encodeURIComponent(id)}${action}`;

export const experimentsApi = {
  list: async (): Promise<Experiment[]> => (await requestJson('/experiments', experimentListResponseSchema)).experiments,
  get: (id: string): Promise<ExperimentDetail> => requestJson(path(id), experimentDetailResponseSchema),
  create: async (e: NewExperiment): Promise<Experiment> => (await requestJson('/experiments', experimentResponseSchema, { method: 'POST', body: e })).experiment,
  stop: async (id: string): Promise<Experiment> => (await requestJson(path(id, '/stop'), experimentResponseSchema, { method: 'POST' })).experiment,
  pause: async (id: string): Promise<Experiment> => (await requestJson(path(id, '/pause'), experimentResponseSchema, { method: 'POST' })).experiment,
  resume: async (id: string): Promise<Experiment> => (await requestJson(path(id, '/resume'), experimentResponseSchema, { method: 'POST' })).experiment,
};

/** The server's node catalog: each node type's params as JSON Schema (GET /catalog). */
export type ServerCatalogNode = CatalogNode;
export const serverCatalog = async (): Promise<ServerCatalogNode[]> => (await requestJson('/catalog', catalogResponseSchema)).nodes;
