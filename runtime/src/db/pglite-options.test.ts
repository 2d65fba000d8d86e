import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PGlite, types } from '@electric-sql/pglite';
import { byteaCodec, pgliteOptions, pgliteStartParams } from './pglite-options';

describe('PGlite options', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coinlab-pglite-options-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('bytea travels byte-identical through the fast codec, in the same text form as PGlite’s own', async () => {
    const options = pgliteOptions(PGlite.defaultStartParams);
    const sample = new Uint8Array([0, 1, 15, 16, 127, 128, 254, 255]);
    expect(byteaCodec.serializers[17](sample)).toBe(types.serializers[17]!(sample));
    expect([...byteaCodec.parsers[17]('\\x00010f107f80feff')]).toEqual([...sample]);

    const db = await PGlite.create(path.join(dir, 'pgdata'), options);
    try {
      await db.exec('create table blobs (id int primary key, content bytea not null)');
      const big = new Uint8Array(randomBytes(3 << 20));
      await db.query('insert into blobs values (1, $1)', [big]);
      const { rows } = await db.query<{ content: Uint8Array; n: number }>('select content, length(content) as n from blobs where id = 1');
      expect(rows[0]!.n).toBe(big.byteLength);
      expect(Buffer.from(rows[0]!.content).equals(Buffer.from(big))).toBe(true);
      const shared = await db.query<{ shared_buffers: string }>('show shared_buffers');
      expect(shared.rows[0]!.shared_buffers).toBe('32MB');
    } finally {
      await db.close();
    }
  });

  it('refuses a shared-buffers setting that is not a size, naming the variable', () => {
    process.env.COINLAB_PGLITE_SHARED_BUFFERS = 'lots';
    try {
      expect(() => pgliteStartParams([])).toThrow(/COINLAB_PGLITE_SHARED_BUFFERS must be a size/);
    } finally {
      delete process.env.COINLAB_PGLITE_SHARED_BUFFERS;
    }
  });
});
