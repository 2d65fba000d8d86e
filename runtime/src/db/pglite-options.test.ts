import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PGlite, types } from '@electric-sql/pglite';
import { byteaCodec, pgliteOptions, pgliteStartParams } from './pglite-options';

describe('PGlite options', () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'coinlab-pglite-options-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('bytea travels byte-identical: parameters in binary, results through the fast hex decoder', async () => {
    const options = pgliteOptions(PGlite.defaultStartParams);
    const sample = new Uint8Array([0, 1, 15, 16, 127, 128, 254, 255]);
    // A byte array is what PGlite sends as a binary parameter: the same bytes, not a copy in text.
    expect(byteaCodec.serializers[17](sample)).toBe(sample);
    expect(() => byteaCodec.serializers[17]('\\x00')).toThrow(/must be a Uint8Array/);
    expect([...byteaCodec.parsers[17](types.serializers[17]!(sample))]).toEqual([...sample]);

    const db = await PGlite.create(path.join(dir, 'pgdata'), options);
    try {
      await db.exec('create table blobs (id int primary key, content bytea not null)');
      const big = new Uint8Array(randomBytes(3 << 20));
      // A view into a larger buffer: only its own bytes may be stored.
      const padded = new Uint8Array(big.byteLength + 16);
      padded.set(big, 8);
      await db.query('insert into blobs values (1, $1), (2, $2), (3, $3)', [big, padded.subarray(8, 8 + big.byteLength), new Uint8Array(0)]);
      const { rows } = await db.query<{ id: number; content: Uint8Array; n: number; md5: string }>('select id, content, length(content) as n, md5(content) as md5 from blobs order by id');
      const md5 = createHash('md5').update(big).digest('hex');
      expect(rows.map((r) => [r.n, r.md5])).toEqual([[big.byteLength, md5], [big.byteLength, md5], [0, createHash('md5').digest('hex')]]);
      expect(Buffer.from(rows[0]!.content).equals(Buffer.from(big))).toBe(true);
      expect(rows[2]!.content.byteLength).toBe(0);
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
