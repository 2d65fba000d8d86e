import type { Catalog } from '@coinlab/shared';
import type { Store } from '../db';
import type { RunManager } from '../runs/run-manager';
import type { TemplateLibrary } from '../templates';
import type { RuntimeLlm } from '../llm/runtime-llm';
import type { Planner } from '../planner';
import type { SessionManager } from '../sessions';
import type { ScheduleService } from '../schedules/service';
import type { AlertService } from '../alerts/service';
import type { DataRefreshService } from '../data-refresh/service';
import type { DataTriggerService } from '../data-triggers/service';
import type { ExperimentService } from '../experiments/service';
import type { PaperService } from '../paper/service';
import type { ClientRunLimit } from '../limits/client-runs';
import type { AuthService } from '../auth/auth-service';

/** What the HTTP layer needs; built once by the server (or a test). */
export interface ApiDeps {
  store: Store;
  manager: RunManager;
  catalog: Catalog;
  templates: TemplateLibrary;
  ownerId: string;
  /** Planner, agent sessions and LLM usage (absent: those routes answer 503). */
  lab?: { planner: Planner; sessions: SessionManager; llm: RuntimeLlm };
  /** Stored schedules (absent: those routes answer 503). */
  schedules?: ScheduleService;
  /** Alerts and webhooks (absent: those routes answer 503). */
  alerts?: AlertService;
  /** Fetching candles from exchanges (absent: 503). */
  dataRefresh?: DataRefreshService;
  /** New-data triggers (absent: 503). */
  dataTriggers?: DataTriggerService;
  /** Experiments, the research loops (absent: those routes answer 503). */
  experiments?: ExperimentService;
  /** Paper portfolios (absent: the /paper routes answer 503). */
  paper?: PaperService;
  /** Per-client limits (absent: none; the server always sets them). */
  limits?: { rate: { limit: number; windowSeconds: number }; runs: ClientRunLimit };
  /** Accounts and sign-in (absent: one is made over the store; the server shares its own with socket.io). */
  auth?: AuthService;
}
