import { spawn } from 'node:child_process';
import path from 'node:path';
import { CLI_ENTRY, REPO_ROOT } from './paths';
import type { ProvisionedDatabase } from './db';

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Environment that points the CLI at a provisioned test database. */
export function dbEnv(p: ProvisionedDatabase): Record<string, string> {
  return p.databaseUrl ? { DATABASE_URL: p.databaseUrl } : { COINLAB_DATA_DIR: p.dataDir! };
}

type CliOptions = { onSpawn?: (kill: (sig: NodeJS.Signals) => void, output: () => string) => void; timeoutMs?: number };

/** Runs `coinlab ...` in a child process from source (through tsx, from the repo root). */
export function runCli(args: string[], env: Record<string, string> = {}, opts: CliOptions = {}): Promise<CliResult> {
  // `node --import tsx`, not the tsx wrapper: the wrapper SIGKILLs its child when the child
  // does not acknowledge a signal within 30 ms, which a busy process may not manage.
  return spawnCli(['--import', 'tsx', CLI_ENTRY, ...args], env, opts);
}

/**
 * Runs `pnpm coinlab ...` as a user does: the launcher (scripts/coinlab.mjs) runs the CLI's
 * build, made first when a source is newer. A process starts several times faster than from
 * source (no TypeScript resolved and compiled through tsx's loader hooks for every module), so
 * a test of many commands stays well within its time on a busy machine. The first call of a
 * run may build (call it from beforeAll: `runBuiltCli(['--help'])`).
 */
export function runBuiltCli(args: string[], env: Record<string, string> = {}, opts: CliOptions = {}): Promise<CliResult> {
  return spawnCli([path.join(REPO_ROOT, 'scripts/coinlab.mjs'), ...args], { COINLAB_FROM_SOURCE: '', ...env }, opts);
}

function spawnCli(nodeArgs: string[], env: Record<string, string>, opts: CliOptions): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, nodeArgs, {
      cwd: REPO_ROOT,
      env: { ...process.env, DATABASE_URL: '', COINLAB_DATA_DIR: '', OPENAI_BASE_URL: '', OPENAI_API_KEY: '', ...env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    opts.onSpawn?.((sig) => child.kill(sig), () => stdout + stderr);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}
