import { maskApiKey, type LlmConfigSource, type LlmCredentialPut, type LlmCredentialView } from '@coinlab/shared';
import type { CredentialScope, LlmCredentialRecord, LlmCredentialsRepo } from '../../db/repos/llm-credentials';
import { registerSecret } from '../../security/redact';
import type { LlmConfigResult } from '../config';
import { keyHint, type KeySealer } from './sealing';
import { credentialConfig, limitsFrom } from './to-config';

/** The configuration one owner's LLM calls use, and where it came from. */
export interface ResolvedLlmConfig {
  source: LlmConfigSource;
  config: LlmConfigResult;
  /** Changes whenever the configuration does: the key of a cached service built from it. */
  stamp: string;
}

/** How long a resolved configuration is trusted before the rows are read again (other processes of a cluster may have changed them). */
export const CREDENTIALS_TTL_MS = 5_000;

interface CacheEntry {
  readAt: number;
  rowsStamp: string;
  resolved: ResolvedLlmConfig;
}

const rowStamp = (r: LlmCredentialRecord | null) => (r ? `${r.id}@${r.updatedAt.getTime()}` : '-');

/**
 * Stored LLM credentials: saving (the key sealed), the masked views, and the choice a call for
 * an owner makes — the owner's own credential, else the team's, else the environment.
 * Resolutions are cached per owner for a few seconds; a save or removal in this process drops
 * the cache at once, other processes re-read after the TTL, and a key is opened again only
 * when its row's `updated_at` changed.
 */
export class LlmCredentials {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly environmentResolved: ResolvedLlmConfig;

  constructor(
    private readonly deps: {
      repo: LlmCredentialsRepo;
      sealer: KeySealer;
      environment: LlmConfigResult;
      ttlMs?: number;
      now?: () => number;
    },
  ) {
    this.environmentResolved = { source: deps.environment.configured ? 'environment' : 'none', config: deps.environment, stamp: 'environment' };
  }

  get environment(): LlmConfigResult {
    return this.deps.environment;
  }

  async views(userId: string): Promise<{ user: LlmCredentialView | null; team: LlmCredentialView | null }> {
    const rows = await this.deps.repo.forUser(userId);
    return { user: rows.user ? toView(rows.user) : null, team: rows.team ? toView(rows.team) : null };
  }

  /** Saves the scope's credential; without `apiKey` the stored key stays. */
  async put(scope: CredentialScope, userId: string, body: LlmCredentialPut): Promise<LlmCredentialView> {
    const key = body.apiKey;
    if (key) registerSecret(key);
    const record = await this.deps.repo.put(scope, userId, (id) => ({
      baseUrl: body.baseUrl.replace(/\/+$/, ''),
      model: body.model,
      prices: body.prices ?? null,
      updatedBy: userId,
      ...(key === undefined ? {} : { key: key === null ? null : { ciphertext: this.deps.sealer.seal(id, key), ...keyHint(key) } }),
    }));
    this.cache.clear();
    return toView(record);
  }

  async remove(scope: CredentialScope, userId: string): Promise<boolean> {
    const removed = await this.deps.repo.remove(scope, userId);
    this.cache.clear();
    return removed;
  }

  /** The last resolution for the owner, however old (for sync questions such as "is an LLM available?"). */
  peek(ownerId: string): ResolvedLlmConfig | undefined {
    return this.cache.get(ownerId)?.resolved;
  }

  /** Whether resolve(ownerId) would answer from the cache (no database read). */
  isFresh(ownerId: string): boolean {
    const cached = this.cache.get(ownerId);
    return cached !== undefined && (this.deps.now ?? Date.now)() - cached.readAt < (this.deps.ttlMs ?? CREDENTIALS_TTL_MS);
  }

  async resolve(ownerId: string): Promise<ResolvedLlmConfig> {
    const now = (this.deps.now ?? Date.now)();
    const cached = this.cache.get(ownerId);
    if (cached && now - cached.readAt < (this.deps.ttlMs ?? CREDENTIALS_TTL_MS)) return cached.resolved;
    const rows = await this.deps.repo.forUser(ownerId);
    const rowsStamp = `${rowStamp(rows.user)}|${rowStamp(rows.team)}`;
    const resolved = cached && cached.rowsStamp === rowsStamp ? cached.resolved : this.build(rows.user ?? rows.team);
    this.cache.set(ownerId, { readAt: now, rowsStamp, resolved });
    return resolved;
  }

  private build(record: LlmCredentialRecord | null): ResolvedLlmConfig {
    if (!record) return this.environmentResolved;
    let apiKey: string | null;
    try {
      apiKey = record.keyCiphertext === null ? null : this.deps.sealer.open(record.id, record.keyCiphertext);
    } catch (err) {
      // A changed COINLAB_SECRET_KEY or a lost key file: say so instead of calling with no key.
      const reason = `the ${record.scope} LLM credential's key could not be opened (${err instanceof Error ? err.message : String(err)}); save the key again`;
      return { source: record.scope, config: { configured: false, reason }, stamp: `${rowStamp(record)}!` };
    }
    registerSecret(apiKey);
    return { source: record.scope, config: credentialConfig(record, apiKey, limitsFrom(this.deps.environment)), stamp: rowStamp(record) };
  }
}

export function toView(r: LlmCredentialRecord): LlmCredentialView {
  return {
    scope: r.scope,
    baseUrl: r.baseUrl,
    model: r.model,
    keyMasked: r.keyCiphertext === null ? null : maskApiKey({ prefix: r.keyPrefix, last4: r.keyLast4 }),
    ...(r.prices ? { prices: r.prices } : {}),
    updatedBy: r.updatedBy,
    updatedAt: r.updatedAt.toISOString(),
  };
}
