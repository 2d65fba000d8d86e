import { z } from 'zod';
import { automationsChangedSchema, runEventSchema } from '@coinlab/shared';

/**
 * What the processes of one coinlab cluster tell each other (API instances and workers, over
 * the socket.io adapter). Every message is checked on arrival: a peer on another version, or a
 * foreign publisher on the channel, cannot feed a process malformed state.
 */
export const busMessageSchemas = {
  /** Events of a run, stored already, in seq order: API instances pass them to their clients. */
  'run-events': z.object({ runId: z.string(), events: z.array(runEventSchema).min(1) }),
  /** A run's status changed (run lists, sessions, budgets). */
  'run-status': z.object({ runId: z.string(), status: z.string(), graphId: z.string().nullable() }),
  /** Cancel a run, wherever it executes. */
  'run-cancel': z.object({ runId: z.string(), reason: z.string() }),
  /** An interaction (approval, clarification) was answered and its answer stored. */
  'interaction-answered': z.object({ runId: z.string(), interactionId: z.string() }),
  /** Alerts were raised or acknowledged: live views everywhere read them again. */
  'alerts-changed': z.object({ reason: z.enum(['raised', 'acknowledged']), alertIds: z.array(z.string()) }),
  /** A schedule, data trigger or paper portfolio changed: live views everywhere read it again. */
  'automations-changed': automationsChangedSchema,
} as const;

export type BusMessages = { [K in keyof typeof busMessageSchemas]: z.infer<(typeof busMessageSchemas)[K]> };
export type BusKind = keyof BusMessages;
