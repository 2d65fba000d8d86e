import { openSecret, sealSecret } from '../../security/secret-box';
import { loadSecretKey, type SecretKey } from '../../security/secret-key';

/**
 * Seals and opens stored provider keys with the lab's secret key (COINLAB_SECRET_KEY, else
 * `<dataDir>/secret.key`, generated with mode 0600 on first use). The key is loaded on the first
 * seal or open, so a lab that never stores a credential never creates the file.
 */
export interface KeySealer {
  seal(rowId: string, apiKey: string): string;
  open(rowId: string, sealed: string): string;
}

/** The sealed text opens only in the row it was written for. */
const aadFor = (rowId: string) => `llm_credentials:${rowId}:key`;

export function keySealer(opts: { dataDir: string; env?: NodeJS.ProcessEnv; onLoaded?: (key: SecretKey) => void }): KeySealer {
  let key: Buffer | undefined;
  const load = (): Buffer => {
    if (!key) {
      const loaded = loadSecretKey({ dataDir: opts.dataDir, ...(opts.env ? { env: opts.env } : {}) });
      opts.onLoaded?.(loaded);
      key = loaded.key;
    }
    return key;
  };
  return {
    seal: (rowId, apiKey) => sealSecret(apiKey, load(), aadFor(rowId)),
    open: (rowId, sealed) => openSecret(sealed, load(), aadFor(rowId)),
  };
}

/** What may be shown of a key: a provider prefix such as `sk-` and, for keys of 12+ characters, the last four. */
export function keyHint(apiKey: string): { prefix: string; last4: string } {
  const prefix = /^[A-Za-z]{1,8}-/.exec(apiKey)?.[0] ?? '';
  return { prefix: apiKey.length >= 12 + prefix.length ? prefix : '', last4: apiKey.length >= 12 ? apiKey.slice(-4) : '' };
}
