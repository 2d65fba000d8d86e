import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { nodeRegistry, catalog as nodeCatalog, type AnyNodeDefinition, type LlmService } from '@coinlab/nodes';
import { FINAL_RUN_STATUSES, type RunStatus } from '@coinlab/shared';
import type { Catalog } from '@coinlab/shared';
import { catalogFrom } from '@coinlab/shared';
import { toCatalogEntry } from '@coinlab/nodes';
import { createStore, LOCAL_USER_ID, openDatabase, type Db, type Store } from './db';
import type { ExecutionPolicy, NodeScope, OutputCache } from './engine';
import { loadDemoData, listCoins } from './market';
import { RunManager } from './runs/run-manager';
import { TemplateLibrary } from './templates';
import { loadLlmConfig, type LlmConfigResult } from './llm';
import { llmCallStore } from './llm/call-store';
import { createRuntimeLlm, type RuntimeLlm } from './llm/runtime-llm';
import { Planner } from './planner';
import { SessionManager } from './sessions';
import { dbMarketService } from './services/market';

export interface RuntimeOptions {
  databaseUrl?: string | undefined;
  dataDir?: string | undefined;
  /** PostgreSQL only: pool size and connect timeout (defaults 10 and 5 s). */
  postgres?: { maxConnections?: number; connectTimeoutMs?: number };
  /** PostgreSQL only: hold the server lock (one server per database); a second is refused. */
  serverLock?: boolean;
  /** Embedded only: a prepared, migrated data folder to start from (tests). */
  templateDataDir?: string | undefined;
  /** Load the demo data set when price_data_5min is empty. */
  demoData?: boolean;
  concurrency?: number;
  /** Runs executing at once (COINLAB_MAX_RUNS); more wait in status `queued`. */
  maxRuns?: number;
  policy?: Partial<ExecutionPolicy>;
  /** Extra node types (tests); the product registry always comes first. */
  extraNodes?: readonly AnyNodeDefinition[];
  cache?: OutputCache;
  /** Replaces the LLM service of every node (tests); by default it comes from `llmConfig`. */
  llm?: (scope: NodeScope) => LlmService;
  /** LLM settings; default: read from the environment (OPENAI_BASE_URL, OPENAI_MODEL, ...). */
  llmConfig?: LlmConfigResult;
  /** A chat model to use instead of the HTTP client (tests: a scripted model). */
  llmModel?: BaseChatModel;
  log?: (line: string) => void;
  onEvent?: ConstructorParameters<typeof RunManager>[0]['onEvent'];
}

export interface Runtime {
  db: Db;
  store: Store;
  manager: RunManager;
  catalog: Catalog;
  registry: ReadonlyMap<string, AnyNodeDefinition>;
  templates: TemplateLibrary;
  ownerId: string;
  /** The LLM service with usage recorded per call, node and run. */
  llm: RuntimeLlm;
  planner: Planner;
  sessions: SessionManager;
  close(): Promise<void>;
}

/**
 * Everything but the transport: database (embedded or server), the local user, the node
 * registry, the run manager, templates. The server and the CLI both start from here, so a
 * graph runs the same way in both.
 */
export async function createRuntime(opts: RuntimeOptions = {}): Promise<Runtime> {
  const log = opts.log ?? (() => {});
  const db = await openDatabase({
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
    ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
    ...(opts.templateDataDir ? { templateDataDir: opts.templateDataDir } : {}),
    ...opts.postgres,
    ...(opts.serverLock ? { serverLock: true } : {}),
  });
  try {
    const store = createStore(db);
    const user = await store.users.ensureLocalUser();
    const registry = new Map(nodeRegistry());
    for (const n of opts.extraNodes ?? []) registry.set(n.type, n);
    const catalog = opts.extraNodes?.length ? catalogFrom([...registry.values()].map(toCatalogEntry)) : nodeCatalog;
    if (opts.demoData) {
      const coins = await listCoins(store);
      if (coins.length === 0) {
        await loadDemoData(store, { log });
      }
    }
    const llmConfig = opts.llmConfig ?? loadLlmConfig(process.env);
    const llm = createRuntimeLlm({ config: llmConfig, calls: llmCallStore(db.kysely as never), ...(opts.llmModel ? { model: opts.llmModel } : {}) });
    const openRuns = [...(await store.runs.list({ status: 'awaiting', limit: 1000 })), ...(await store.runs.list({ status: 'running', limit: 1000 }))].map((r) => r.id);
    await llm.restore(openRuns);
    if (llm.available) log(`LLM: ${llm.describe()}`);
    const manager = new RunManager({
      store,
      presence: db.presence,
      catalog,
      registry,
      ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
      ...(opts.maxRuns ? { maxRuns: opts.maxRuns } : {}),
      ...(opts.policy ? { policy: opts.policy } : {}),
      ...(opts.cache ? { cache: opts.cache } : {}),
      llm: opts.llm ?? ((scope) => llm.forNode(scope)),
      ...(opts.onEvent ? { onEvent: opts.onEvent } : {}),
    });
    // A finished run needs no budget any more.
    manager.hub.onStatus((change) => {
      if (FINAL_RUN_STATUSES.includes(change.status as RunStatus)) llm.release(change.runId);
    });
    const templates = new TemplateLibrary();
    const ownerId = user.id ?? LOCAL_USER_ID;
    const planner = new Planner({
      catalog,
      registry,
      templates,
      market: dbMarketService(store),
      llm: (planId) => llm.forNode({ runId: `plan:${planId}`, nodeId: 'planner' }),
      model: llmConfig.configured ? llmConfig.model : null,
    });
    const sessions = new SessionManager({ store, manager, planner, ownerId });
    return {
      db,
      store,
      manager,
      catalog,
      registry,
      templates,
      ownerId,
      llm,
      planner,
      sessions,
      async close() {
        await manager.shutdown();
        await db.close();
      },
    };
  } catch (err) {
    await db.close();
    throw err;
  }
}
