// Product services that need no database or LLM: the planner's dry run and headless use.
export * from './memory-services';
export * from './offline-llm';
