import { z } from 'zod';

/**
 * Who asks: the header every coinlab client sends (`X-Coinlab-Client`). Without it a request
 * counts as `api` (a script or another program). The audit log also records actions no
 * request started, with the automation's own word as client.
 */
export const CLIENT_HEADER = 'X-Coinlab-Client';
export const REQUEST_CLIENTS = ['editor', 'cli', 'api'] as const;
export const requestClientSchema = z.enum(REQUEST_CLIENTS);
export type RequestClient = z.infer<typeof requestClientSchema>;
export const AUTOMATION_CLIENTS = ['schedule', 'experiment', 'system'] as const;
export const AUDIT_CLIENTS = [...REQUEST_CLIENTS, ...AUTOMATION_CLIENTS] as const;
export type AuditClient = (typeof AUDIT_CLIENTS)[number];

export const auditEntrySchema = z.object({
  id: z.string().describe('Grows with every entry; the cursor of the listing'),
  at: z.string(),
  actor: z.string().describe("A user's id, or the word of what acted without one: schedule, experiment, timeout, anonymous"),
  actorName: z.string().nullable().describe("The user's name when the actor is a user"),
  client: z.string(),
  action: z.string().describe('e.g. graphs.update, schedule.fire, approval.approved'),
  objectType: z.string().nullable(),
  objectId: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

const text = z.string().trim().min(1).max(200);
const instant = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date-time, e.g. 2026-01-31T12:00:00Z');

/** The filters of GET /audit and `coinlab audit` (query strings: every value is text). */
export const auditQuerySchema = z
  .object({
    action: text.optional(),
    objectType: text.optional(),
    objectId: text.optional(),
    actor: text.optional(),
    client: z.enum(AUDIT_CLIENTS).optional(),
    since: instant.optional(),
    until: instant.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    cursor: z.string().regex(/^[1-9][0-9]{0,18}$/, 'must be the nextCursor of a previous page').optional(),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.since && q.until && Date.parse(q.since) > Date.parse(q.until)) ctx.addIssue({ code: 'custom', path: ['until'], message: 'must not be before since' });
  });
export type AuditQuery = z.infer<typeof auditQuerySchema>;

/** Owners and admins read the whole lab's log; members and viewers read their own actions only. */
export const AUDIT_SCOPES = ['team', 'own'] as const;
export type AuditScope = (typeof AUDIT_SCOPES)[number];

export const auditPageSchema = z.object({
  scope: z.enum(AUDIT_SCOPES).describe('team: every entry of the lab; own: only the entries whose actor is the caller (members and viewers)'),
  entries: z.array(auditEntrySchema),
  nextCursor: z.string().nullable().describe('Pass as cursor for the next (older) page; null at the end'),
});
export type AuditPage = z.infer<typeof auditPageSchema>;
