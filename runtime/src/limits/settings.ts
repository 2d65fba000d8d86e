import { z } from 'zod';
import { zodProblems } from '@coinlab/shared';

/** Per-client limits of the HTTP API. Generous by default: they stop a runaway script, not a person. */
export interface ClientLimits {
  /** Requests per client per window (COINLAB_RATE_LIMIT). */
  rateLimit: number;
  /** The rate window in seconds (COINLAB_RATE_WINDOW_SECONDS). */
  rateWindowSeconds: number;
  /** Runs a user may have queued or running at once (COINLAB_MAX_RUNS_PER_USER; the older COINLAB_MAX_RUNS_PER_CLIENT is still read). */
  maxRunsPerUser: number;
}

export const DEFAULT_CLIENT_LIMITS: ClientLimits = { rateLimit: 6000, rateWindowSeconds: 60, maxRunsPerUser: 10 };

const envSchema = z.object({
  COINLAB_RATE_LIMIT: z.coerce.number().int().min(1).max(10_000_000).optional(),
  COINLAB_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(86_400).optional(),
  COINLAB_MAX_RUNS_PER_USER: z.coerce.number().int().min(1).max(100_000).optional(),
  COINLAB_MAX_RUNS_PER_CLIENT: z.coerce.number().int().min(1).max(100_000).optional(),
});

/** Reads the settings (the run limit under its new name first, then its old one); a bad value is an error naming the variable. */
export function clientLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): ClientLimits {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([k, v]) => k in envSchema.shape && v !== '')));
  if (!parsed.success) throw new Error(`bad environment: ${zodProblems(parsed.error).map((p) => `${p.path} ${p.message}`).join('; ')}`);
  const e = parsed.data;
  return {
    rateLimit: e.COINLAB_RATE_LIMIT ?? DEFAULT_CLIENT_LIMITS.rateLimit,
    rateWindowSeconds: e.COINLAB_RATE_WINDOW_SECONDS ?? DEFAULT_CLIENT_LIMITS.rateWindowSeconds,
    maxRunsPerUser: e.COINLAB_MAX_RUNS_PER_USER ?? e.COINLAB_MAX_RUNS_PER_CLIENT ?? DEFAULT_CLIENT_LIMITS.maxRunsPerUser,
  };
}
