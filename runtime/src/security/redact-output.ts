import { redactText } from './redact';

let installed = false;

/**
 * Passes everything this process prints — console.*, direct writes, worker threads' output
 * forwarded to it — through the redactor: the one place the CLI and the server print through,
 * so a log line added tomorrow cannot leak a key either. Idempotent.
 */
export function redactProcessOutput(): void {
  if (installed) return;
  installed = true;
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream) as (chunk: string | Uint8Array, encoding?: BufferEncoding, cb?: (err?: Error | null) => void) => boolean;
    stream.write = ((chunk: string | Uint8Array, encoding?: BufferEncoding | ((err?: Error | null) => void), cb?: (err?: Error | null) => void): boolean => {
      const callback = typeof encoding === 'function' ? encoding : cb;
      const enc = typeof encoding === 'string' ? encoding : undefined;
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString(enc === 'latin1' || enc === 'binary' ? enc : 'utf8');
      const clean = redactText(text);
      // Unchanged output goes out as it came (bytes stay bytes).
      if (clean === text) return write(chunk, enc, callback);
      return write(clean, 'utf8', callback);
    }) as typeof stream.write;
  }
}
