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
  /** What a high score predicts; files written before it existed were all rise models. */
  direction: z.enum(['rise', 'fall']).default('rise'),
  horizon: z.number(),
  params: z.record(z.string(), z.unknown()),
  /**
   * Rows (time spans per coin) whose scores were used to choose this model among candidates
   * (a tuning search's test folds): a score on them is optimistic. Absent: none.
   */
  selectionSpans: z.array(z.object({ coin: z.string(), from: z.number(), to: z.number() })).optional(),
  folds: z
    .array(
      z.object({
        name: z.string(),
        trainRows: z.number().int(),
        /**
         * The time spans (bar open times, inclusive) of the rows the fold's model was trained
         * on, per coin, so predictions on any data can say which rows are in-sample. Absent in
         * files written before it existed: then nothing is known about the training rows.
         */
        trainSpans: z.array(z.object({ coin: z.string(), from: z.number(), to: z.number() })).optional(),
        model: z.unknown(),
      }),
    )
    .min(1),
});
export type ModelFile = z.infer<typeof modelFileSchema>;
