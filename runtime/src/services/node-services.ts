import type { LlmService, NodeServices } from '@coinlab/nodes';
import { offlineLlm } from '@coinlab/nodes/offline';
import type { NodeScope } from '../engine';
import type { Store } from '../db';
import { dbArtifactService } from './artifacts';
import type { InteractionBroker } from './interactions';
import { dbMarketService } from './market';

/** Builds the services each node gets, bound to its run and node (artifacts, interactions). */
export function nodeServicesFactory(deps: { store: Store; broker: InteractionBroker; ownerId: string; llm?: (scope: NodeScope & { ownerId: string }) => LlmService }): (scope: NodeScope) => NodeServices {
  const market = dbMarketService(deps.store);
  return (scope) => ({
    market,
    artifacts: dbArtifactService(deps.store, { ownerId: deps.ownerId, runId: scope.runId, nodeId: scope.nodeId, emitter: scope.emitter }),
    interactions: deps.broker.service(scope),
    llm: deps.llm ? deps.llm({ ...scope, ownerId: deps.ownerId }) : offlineLlm,
    now: () => Date.now(),
  });
}
