import type { Db } from './open';
import { usersRepo } from './repos/users';
import { graphsRepo } from './repos/graphs';
import { runsRepo } from './repos/runs';
import { runEventsRepo } from './repos/run-events';
import { nodeRunsRepo } from './repos/node-runs';
import { nodeOutputsRepo } from './repos/node-outputs';
import { artifactsRepo } from './repos/artifacts';
import { approvalsRepo } from './repos/approvals';
import { schedulesRepo } from './repos/schedules';
import { auditRepo } from './repos/audit';
import { graphSharesRepo } from './repos/graph-shares';
import { llmCredentialsRepo } from './repos/llm-credentials';

/** Every repository over one database, plus the handle itself for market queries and transactions. */
export function createStore(db: Pick<Db, 'kysely' | 'kind'>) {
  const k = db.kysely;
  return {
    kysely: k,
    kind: db.kind,
    users: usersRepo(k),
    graphs: graphsRepo(k),
    runs: runsRepo(k),
    runEvents: runEventsRepo(k),
    nodeRuns: nodeRunsRepo(k),
    nodeOutputs: nodeOutputsRepo(k),
    artifacts: artifactsRepo(k),
    approvals: approvalsRepo(k),
    schedules: schedulesRepo(k),
    audit: auditRepo(k),
    graphShares: graphSharesRepo(k),
    llmCredentials: llmCredentialsRepo(k),
  };
}
export type Store = ReturnType<typeof createStore>;
