import { z } from 'zod';

/**
 * The JSON artifact of a trained model (kind 'model'): everything the predict node needs
 * to score new rows in another run or process. One fitted model per fold of the splits it
 * was trained on, so out-of-sample predictions of fold i come from the model of fold i;
 * the last fold's model (trained on the most recent data) scores new data.
 */
export const MODEL_FORMAT = 'coinlab.model';

export const modelFileSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  formatVersion: z.literal(1),
  name: z.string(),
  algorithm: z.string(),
  task: z.enum(['classification', 'regression']),
  features: z.array(z.string()).min(1),
  target: z.string(),
  horizon: z.number(),
  params: z.record(z.string(), z.unknown()),
  folds: z
    .array(z.object({ name: z.string(), trainRows: z.number().int(), model: z.unknown() }))
    .min(1),
});
export type ModelFile = z.infer<typeof modelFileSchema>;
