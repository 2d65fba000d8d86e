import { spawn } from 'node:child_process';
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

/** Runs `coinlab ...` in a child process, as a user would (through tsx, from the repo root). */
export function runCli(args: string[], env: Record<string, string> = {}, opts: { onSpawn?: (kill: (sig: NodeJS.Signals) => void, output: () => string) => void; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    // `node --import tsx`, not the tsx wrapper: the wrapper SIGKILLs its child when the child
    // does not acknowledge a signal within 30 ms, which a busy process may not manage.
    const child = spawn(process.execPath, ['--import', 'tsx', CLI_ENTRY, ...args], {
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
