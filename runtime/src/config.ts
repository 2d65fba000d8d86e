import path from 'node:path';
import { z } from 'zod';
import { zodProblems } from '@coinlab/shared';
import { defaultMaxRuns } from './runs/run-admission';
import { parseAllowedOrigins } from './api/origin-policy';

const envSchema = z.object({
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL').optional(),
  COINLAB_DATA_DIR: z.string().min(1).default('.coinlab'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4400),
  HOST: z.string().default('127.0.0.1'),
  COINLAB_ALLOWED_ORIGINS: z.string().optional(),
  COINLAB_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  COINLAB_MAX_RUNS: z.coerce.number().int().min(1).max(10_000).optional(),
  COINLAB_NODE_TIMEOUT_SECONDS: z.coerce.number().min(0).default(1800),
  COINLAB_RESUME_RUNS: z.enum(['0', '1', 'true', 'false']).default('1'),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, 'must be a redis:// URL').optional(),
});

export interface RuntimeConfig {
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  /** Browser origins allowed besides the runtime's own address, e.g. a dev server's. */
  allowedOrigins: string[];
  concurrency: number;
  /** Runs executing at once; more wait, queued (default: defaultMaxRuns()). */
  maxRuns: number;
  nodeTimeoutMs: number;
  /** Carry on runs a stopped or crashed process left open (COINLAB_RESUME_RUNS, default on). */
  resumeRuns: boolean;
  /** Cluster messages through Redis instead of PostgreSQL (optional). */
  redisUrl: string | undefined;
}

export class ConfigError extends Error {}

/** Reads the environment once, with a message naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  const parsed = envSchema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) throw new ConfigError(`bad environment: ${zodProblems(parsed.error).map((p) => `${p.path} ${p.message}`).join('; ')}`);
  const e = parsed.data;
  return {
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.COINLAB_DATA_DIR),
    port: e.PORT,
    host: e.HOST,
    allowedOrigins: readAllowedOrigins(e.COINLAB_ALLOWED_ORIGINS),
    concurrency: e.COINLAB_CONCURRENCY,
    maxRuns: e.COINLAB_MAX_RUNS ?? defaultMaxRuns(),
    nodeTimeoutMs: e.COINLAB_NODE_TIMEOUT_SECONDS * 1000,
    resumeRuns: e.COINLAB_RESUME_RUNS === '1' || e.COINLAB_RESUME_RUNS === 'true',
    redisUrl: e.REDIS_URL,
  };
}

function readAllowedOrigins(text: string | undefined): string[] {
  try {
    return parseAllowedOrigins(text);
  } catch (err) {
    throw new ConfigError(`bad environment: ${(err as Error).message}`);
  }
}
