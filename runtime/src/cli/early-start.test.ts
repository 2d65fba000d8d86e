import { describe, expect, it } from 'vitest';
import { runsHereOnEmbedded } from './early-start';

describe('runsHereOnEmbedded: which command lines begin opening the embedded database before the CLI loads', () => {
  it('is `run` on this machine without a server, with or without global options around it', () => {
    expect(runsHereOnEmbedded(['run', 'graph.json'], {})).toBe(true);
    expect(runsHereOnEmbedded(['run', 'template:peer-pipeline', '--no-cache', '--out', 'x'], {})).toBe(true);
    expect(runsHereOnEmbedded(['--token', 'coinlab_x', 'run', 'g.json'], {})).toBe(true);
    expect(runsHereOnEmbedded(['--token-file=t.txt', 'run', 'g.json'], {})).toBe(true);
  });
  it('is not another command, help, another server, or a PostgreSQL server', () => {
    expect(runsHereOnEmbedded(['validate', 'run'], {})).toBe(false);
    expect(runsHereOnEmbedded(['serve'], {})).toBe(false);
    expect(runsHereOnEmbedded([], {})).toBe(false);
    expect(runsHereOnEmbedded(['run', '--help'], {})).toBe(false);
    expect(runsHereOnEmbedded(['run', 'g.json', '-h'], {})).toBe(false);
    expect(runsHereOnEmbedded(['--server', 'http://lab:8787', 'run', 'g.json'], {})).toBe(false);
    expect(runsHereOnEmbedded(['run', 'g.json', '--server=http://lab:8787'], {})).toBe(false);
    expect(runsHereOnEmbedded(['run', 'g.json'], { COINLAB_SERVER: 'http://lab:8787' })).toBe(false);
    expect(runsHereOnEmbedded(['run', 'g.json'], { DATABASE_URL: 'postgres://127.0.0.1/test' })).toBe(false);
    // A token value that reads like the command is a value, not the command.
    expect(runsHereOnEmbedded(['--token', 'run', 'validate', 'g.json'], {})).toBe(false);
  });
});
