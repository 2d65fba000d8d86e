import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = path.dirname(fileURLToPath(import.meta.url));
const KEY = 'sk-live-0123456789abcdefghij';

/** A child process that installs the output redactor, then prints the key every way a library might. */
function printAll(env: Record<string, string>): { stdout: string; stderr: string } {
  const code = `
    import { redactProcessOutput } from ${JSON.stringify(path.join(here, 'redact-output.ts'))};
    import { Worker } from 'node:worker_threads';
    redactProcessOutput();
    console.log('log', process.env.MY_SERVICE_TOKEN);
    console.error(new Error('failed with ' + process.env.MY_SERVICE_TOKEN));
    process.stdout.write(Buffer.from('bytes ' + process.env.MY_SERVICE_TOKEN + '\\n'));
    process.stderr.write('Authorization: Bearer abcdefghijklmnop\\n', () => {});
    const w = new Worker('console.log("from a worker", process.env.MY_SERVICE_TOKEN)', { eval: true });
    w.on('exit', () => {});
  `;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { stdout: r.stdout, stderr: r.stderr };
}

describe('process output redaction', () => {
  it('redacts what console, direct writes and worker threads print', () => {
    const { stdout, stderr } = printAll({ MY_SERVICE_TOKEN: KEY });
    const all = stdout + stderr;
    expect(stdout).toContain('log [redacted]');
    expect(stdout).toContain('bytes [redacted]');
    expect(stdout).toContain('from a worker [redacted]');
    expect(stderr).toContain('Error: failed with [redacted]');
    expect(stderr).toContain('Authorization: Bearer [redacted]');
    expect(all).not.toContain(KEY);
    expect(all).not.toContain('abcdefghijklmnop');
  });
});
