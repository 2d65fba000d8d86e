import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const script = path.join(path.dirname(fileURLToPath(import.meta.url)), 'open-in-child.ts');
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface ChildReport {
  ok: boolean;
  pid?: number;
  name?: string;
  message?: string;
}

/** Starts open-in-child.ts under tsx and resolves with the child and its first report line. */
export function openInChild(mode: 'try' | 'hold' | 'leave', dataDir: string): Promise<{ child: ChildProcess; report: ChildReport; exited: Promise<number | null> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', script, mode, dataDir], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) resolve({ child, report: JSON.parse(out.slice(0, nl)) as ChildReport, exited });
    });
    child.on('exit', (code) => {
      if (!out.includes('\n')) reject(new Error(`child exited with ${code} before reporting: ${err}`));
    });
  });
}
