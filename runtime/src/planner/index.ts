export { Planner, PlanError, type PlannerDeps } from './planner';
export { layoutGraph } from './layout';
export { understandGoal, describeHorizon } from './understand';
export { parseCoins } from './parse-coins';
export { buildGraph, PLANNER_TEMPLATE } from './build-graph';
export { dryRun } from './dry-run';
export { estimateLlm } from './estimate';
export { planWithLlm, llmGraphSchema } from './llm-planner';
export * from './types';
