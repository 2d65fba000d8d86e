import { z } from 'zod';
import { unattendedWarningsSchema } from './unattended-warnings';

/** New-data triggers as `/data-triggers` answers them (dates as ISO text). */
export const dataTriggerSchema = z.object({
  id: z.string(),
  name: z.string(),
  graphId: z.string(),
  graphVersion: z.number().nullable().describe('Pinned version; null = the latest at each fire.'),
  coins: z.array(z.string()).describe('Coins watched (by default those the graph reads).'),
  paused: z.boolean(),
  watermark: z.string().nullable().describe('The newest bar (ISO) it has fired for or saw when created; a newer one fires a run.'),
  lastFireAt: z.string().nullable(),
  lastRunId: z.string().nullable(),
  lastRunStatus: z.string().nullable(),
  createdAt: z.string(),
});
export type DataTrigger = z.infer<typeof dataTriggerSchema>;

export const dataTriggerResponseSchema = z.object({ trigger: dataTriggerSchema });
/** POST /data-triggers: the trigger as stored, and what will keep its fires from running unattended. */
export const dataTriggerSavedResponseSchema = z.object({ trigger: dataTriggerSchema, warnings: unattendedWarningsSchema });
export const dataTriggerListResponseSchema = z.object({ triggers: z.array(dataTriggerSchema) });
