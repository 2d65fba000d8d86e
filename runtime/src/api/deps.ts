import type { Catalog } from '@coinlab/shared';
import type { Store } from '../db';
import type { RunManager } from '../runs/run-manager';
import type { TemplateLibrary } from '../templates';
import type { RuntimeLlm } from '../llm/runtime-llm';
import type { Planner } from '../planner';
import type { SessionManager } from '../sessions';

/** What the HTTP layer needs; built once by the server (or a test). */
export interface ApiDeps {
  store: Store;
  manager: RunManager;
  catalog: Catalog;
  templates: TemplateLibrary;
  ownerId: string;
  /** Planner, agent sessions and LLM usage (absent: those routes answer 503). */
  lab?: { planner: Planner; sessions: SessionManager; llm: RuntimeLlm };
}
