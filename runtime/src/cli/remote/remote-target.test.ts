import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { redactText } from '../../security/redact';
import { UsageError } from '../exit-codes';
import { checkServerUrl, localServerToken, takeGlobalOptions } from './remote-target';

const dir = mkdtempSync(path.join(os.tmpdir(), 'coinlab-remote-target-'));

describe('takeGlobalOptions', () => {
  it('takes --server/--token before or after the command, in both spellings, and leaves the rest in order', () => {
    expect(takeGlobalOptions(['--server', 'http://lab:4400/', 'run', 'g.json', '--token=tok-abcdefgh12', '--json'], {})).toEqual({
      argv: ['run', 'g.json', '--json'],
      remote: { baseUrl: 'http://lab:4400', token: 'tok-abcdefgh12', origin: 'option' },
      serverOption: true,
    });
    expect(takeGlobalOptions(['history', '--server=https://lab.example.com/coinlab'], {}).remote?.baseUrl).toBe('https://lab.example.com/coinlab');
    // After `--`, words belong to the command.
    expect(takeGlobalOptions(['plan', '--', '--server', 'x'], {}).argv).toEqual(['plan', '--', '--server', 'x']);
  });

  it('fills in from COINLAB_SERVER / COINLAB_TOKEN, the command line winning', () => {
    const env = { COINLAB_SERVER: 'http://env:1', COINLAB_TOKEN: 'env-token-123456' };
    expect(takeGlobalOptions(['status'], env)).toEqual({ argv: ['status'], remote: { baseUrl: 'http://env:1', token: 'env-token-123456', origin: 'option' }, serverOption: false });
    expect(takeGlobalOptions(['status', '--server', 'http://flag:2', '--token', 'flag-token-123456'], env).remote).toEqual({ baseUrl: 'http://flag:2', token: 'flag-token-123456', origin: 'option' });
    // A token without a server is kept for the server that holds the data folder.
    expect(takeGlobalOptions(['status'], { COINLAB_TOKEN: 'only-token-12345' })).toEqual({ argv: ['status'], token: 'only-token-12345' });
  });

  it('reads --token-file (trimmed) and registers every token with the redactor', () => {
    const file = path.join(dir, 'token');
    writeFileSync(file, '  file-token-0123456789abcdef \n');
    expect(takeGlobalOptions(['--server', 'http://a:1', '--token-file', file], {}).remote?.token).toBe('file-token-0123456789abcdef');
    expect(redactText('sent file-token-0123456789abcdef here')).toBe('sent [redacted] here');
  });

  it('refuses bad values as usage errors that name the option', () => {
    const refused = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
      try {
        takeGlobalOptions(argv, env);
      } catch (err) {
        expect(err).toBeInstanceOf(UsageError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(refused(['run', '--server'])).toMatch(/^--server needs a value/);
    expect(refused(['run', '--token', '--json'])).toMatch(/^--token needs a value/);
    expect(refused(['--server', 'lab'])).toMatch(/^--server: "lab" is not a URL/);
    expect(refused(['--server', 'ws://lab'])).toMatch(/not an http\(s\) URL/);
    expect(refused(['--server', 'http://u:pw@lab'])).toMatch(/no credentials in the URL/);
    expect(refused([], { COINLAB_SERVER: 'nope' })).toMatch(/^COINLAB_SERVER: "nope"/);
    expect(refused(['--token', 'a b c d e f g h'])).toMatch(/^--token: the token contains spaces/);
    expect(refused(['--token', 't1234567890', '--token-file', 'f'])).toMatch(/use one/);
    expect(refused(['--token-file', path.join(dir, 'missing')])).toMatch(/^--token-file: cannot read .*missing \(no such file\)/);
  });
});

describe('checkServerUrl / localServerToken', () => {
  it('keeps a sub-path and drops trailing slashes', () => {
    expect(checkServerUrl(' https://lab.example.com/coinlab/ ', '--server')).toBe('https://lab.example.com/coinlab');
  });
  it("reads <dataDir>/cli-token, and nothing when there is none", () => {
    const data = mkdtempSync(path.join(dir, 'data-'));
    expect(localServerToken(data)).toBeUndefined();
    writeFileSync(path.join(data, 'cli-token'), 'admin-token-abcdef123456\n', { mode: 0o600 });
    expect(localServerToken(data)).toBe('admin-token-abcdef123456');
    expect(redactText('admin-token-abcdef123456')).toBe('[redacted]');
  });
});
