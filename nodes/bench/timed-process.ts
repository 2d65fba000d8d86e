import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

export interface TimedProcess {
  stdout: string;
  /** Wall-clock seconds of the whole process, start-up included. */
  wall: number;
  /** Peak resident set size of the process (GNU time's %M), in MB. */
  rssMb: number;
}

const GNU_TIME = '/usr/bin/time';

/**
 * Runs a command as a whole process under GNU time, so both sides of a comparison are measured
 * the same way: wall clock from exec to exit and the kernel's peak RSS of the process.
 */
export async function timedProcess(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<TimedProcess> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coinlab-timed-'));
  const report = path.join(dir, 'time.txt');
  try {
    const { stdout } = await promisify(execFile)(GNU_TIME, ['-o', report, '-f', '%e %M', command, ...args], { cwd: options.cwd, env: options.env ?? process.env, maxBuffer: 64 << 20 });
    const [wall, maxRssKb] = readFileSync(report, 'utf8').trim().split(/\s+/).slice(-2).map(Number);
    if (!Number.isFinite(wall) || !Number.isFinite(maxRssKb)) throw new Error(`unexpected GNU time report: ${readFileSync(report, 'utf8')}`);
    return { stdout, wall: wall!, rssMb: maxRssKb! / 1024 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function hasGnuTime(): boolean {
  try {
    readFileSync(GNU_TIME);
    return true;
  } catch {
    return false;
  }
}
