import type { ColumnType, Generated } from 'kysely';
import type { ExperimentIterationsTable, ExperimentPromotionsTable, ExperimentsTable } from './experiments-schema';

/**
 * The tables as Kysely sees them (snake_case, as in SQL). Repositories map rows to
 * camelCase records (records.ts), so nothing outside db/ depends on these shapes.
 */

/** timestamptz with a default of now(): optional on insert. */
type CreatedAt = ColumnType<Date, Date | undefined, Date>;
type NullableTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>;
/**
 * jsonb: read back parsed, written as a JSON string. Both drivers would serialize objects
 * themselves, but `pg` turns a top-level JS array into a PostgreSQL array literal, so we
 * always hand over text and let the server parse it.
 */
type Jsonb = ColumnType<unknown, string, string>;
type NullableJsonb = ColumnType<unknown, string | null | undefined, string | null>;

export interface UsersTable {
  id: string;
  name: string;
  created_at: CreatedAt;
  /** Accounts (0021): lower-cased; null for the local user before set-up. */
  email: ColumnType<string | null, string | null | undefined, string | null>;
  /** argon2id (PHC string); null: cannot sign in with a password. */
  password_hash: ColumnType<string | null, string | null | undefined, string | null>;
  role: ColumnType<string, string | undefined, string>;
  removed_at: NullableTimestamp;
}

/** A browser session (0021): `id` is the SHA-256 of the cookie's secret, never the secret. */
export interface AuthSessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: ColumnType<Date, Date, Date>;
  last_seen_at: CreatedAt;
}

/** An API token (0021): only its SHA-256 and its first characters are stored. */
export interface ApiTokensTable {
  id: string;
  user_id: string;
  name: string;
  scope: string;
  prefix: string;
  token_hash: string;
  created_at: CreatedAt;
  expires_at: NullableTimestamp;
  last_used_at: NullableTimestamp;
  revoked_at: NullableTimestamp;
}

/** A one-time invitation link (0021): only its SHA-256 is stored. */
export interface InvitationsTable {
  id: string;
  token_hash: string;
  role: string;
  created_by: string;
  created_at: CreatedAt;
  expires_at: ColumnType<Date, Date, Date>;
  accepted_at: NullableTimestamp;
  accepted_by: string | null;
}

export interface GraphsTable {
  id: string;
  owner_id: string;
  name: string;
  current_version: number;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  deleted_at: NullableTimestamp;
}

export interface GraphVersionsTable {
  graph_id: string;
  version: number;
  document: Jsonb;
  created_at: CreatedAt;
  message: string | null;
}

export interface RunsTable {
  id: string;
  owner_id: string;
  graph_id: string | null;
  graph_version: number | null;
  graph_snapshot: Jsonb;
  status: string;
  current_node: string | null;
  trigger: string;
  created_at: CreatedAt;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  error: string | null;
  results: NullableJsonb;
  last_seq: Generated<number>;
  /** The process executing the run (see db/instance.ts); null on rows older than 0007. */
  instance_id: string | null;
  instance_pid: number | null;
  instance_host: string | null;
  /** Grows by one each time an execution takes the run over (0008): fences earlier holders. */
  lease: Generated<number>;
  /** The job-queue worker holding the run's job, while one does. */
  worker_id: string | null;
  /** A cancel asked on an instance that does not execute the run. */
  cancel_requested: string | null;
  /** How the run was asked for ({ noCache, fromNode }), for the process that executes it. */
  run_options: NullableJsonb;
}

export interface RunEventsTable {
  run_id: string;
  seq: number;
  kind: string;
  node_id: string | null;
  payload: Jsonb;
  created_at: CreatedAt;
}

export interface NodeRunsTable {
  run_id: string;
  node_id: string;
  status: string;
  started_at: NullableTimestamp;
  finished_at: NullableTimestamp;
  attempts: Generated<number>;
  error: string | null;
  signature: string | null;
  cached: Generated<boolean>;
}

export interface NodeOutputsTable {
  signature: string;
  node_type: string;
  /** Serialized by the caller (its codec keeps NaN and typed arrays), stored verbatim. */
  outputs: string;
  created_at: CreatedAt;
  last_used_at: CreatedAt;
  size_bytes: number;
}

export interface ArtifactsTable {
  id: string;
  owner_id: string;
  run_id: string | null;
  node_id: string | null;
  kind: string;
  name: string;
  content_type: string;
  content: ColumnType<Uint8Array, Uint8Array, Uint8Array>;
  size_bytes: number;
  metadata: Jsonb;
  created_at: CreatedAt;
}

export interface ApprovalsTable {
  id: string;
  run_id: string;
  node_id: string;
  status: string;
  request: Jsonb;
  response: NullableJsonb;
  created_at: CreatedAt;
  decided_at: NullableTimestamp;
  expires_at: NullableTimestamp;
  decided_by: string | null;
}

/** ts is epoch milliseconds UTC in a bigint (see migration 0005 for why not timestamptz). */
export interface PriceData5minTable {
  coin: string;
  ts: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

export interface SchedulesTable {
  id: string;
  owner_id: string;
  name: string;
  /** null for a data refresh (then `refresh` is set). */
  graph_id: string | null;
  /** null: the graph's latest version at each fire. */
  graph_version: number | null;
  cron: string;
  timezone: string;
  overlap: string;
  catch_up: string;
  ends_at: NullableTimestamp;
  paused: Generated<boolean>;
  next_fire_at: NullableTimestamp;
  last_fire_at: NullableTimestamp;
  last_run_id: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  /** What a refresh schedule fetches ({exchange, pairs, timeframe}); null for a graph run. */
  refresh: NullableJsonb;
  last_refresh: NullableJsonb;
  /** Overlap "queue": the one fire waiting for the previous run to end (migration 0018). */
  queued_fire_at: NullableTimestamp;
  queued_missed: Generated<number>;
}

/** A graph run when newer candles arrive for its coins (migration 0012). */
export interface DataTriggersTable {
  id: string;
  owner_id: string;
  name: string;
  graph_id: string;
  graph_version: number | null;
  coins: string[];
  paused: Generated<boolean>;
  /** Epoch ms of the newest bar it has fired for (or saw when created). */
  watermark: number | null;
  last_fire_at: NullableTimestamp;
  last_run_id: string | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface AlertsTable {
  id: string;
  owner_id: string;
  kind: string;
  severity: string;
  message: string;
  details: Jsonb;
  subject_type: string | null;
  subject_id: string | null;
  /** Raising twice with one key stores one alert (several processes may see the same event). */
  dedupe_key: string | null;
  created_at: CreatedAt;
  acknowledged_at: NullableTimestamp;
  acknowledged_by: string | null;
}

export interface WebhooksTable {
  id: string;
  owner_id: string;
  url: string;
  secret: string;
  /** Alert kinds sent to it; empty: every kind. */
  kinds: Jsonb;
  enabled: Generated<boolean>;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface PaperPortfoliosTable {
  id: string;
  owner_id: string;
  name: string;
  graph_id: string;
  graph_version: number;
  node_id: string;
  coins: string[];
  start_ts: number;
  criteria: Jsonb;
  status: string;
  books: Jsonb;
  watermark: number | null;
  pending_run_id: string | null;
  last_run_id: string | null;
  last_step_at: NullableTimestamp;
  last_error: string | null;
  graduation_ready_at: NullableTimestamp;
  degradation: NullableJsonb;
  research: NullableJsonb;
  degraded_at: NullableTimestamp;
  created_at: CreatedAt;
  updated_at: CreatedAt;
}

export interface WebhookDeliveriesTable {
  id: string;
  alert_id: string;
  webhook_id: string;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date, Date>;
  last_error: string | null;
  last_status: number | null;
  delivered_at: NullableTimestamp;
  created_at: CreatedAt;
}

export interface Database {
  users: UsersTable;
  graphs: GraphsTable;
  graph_versions: GraphVersionsTable;
  runs: RunsTable;
  run_events: RunEventsTable;
  node_runs: NodeRunsTable;
  node_outputs: NodeOutputsTable;
  artifacts: ArtifactsTable;
  approvals: ApprovalsTable;
  price_data_5min: PriceData5minTable;
  schedules: SchedulesTable;
  alerts: AlertsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  data_triggers: DataTriggersTable;
  experiments: ExperimentsTable;
  experiment_iterations: ExperimentIterationsTable;
  experiment_promotions: ExperimentPromotionsTable;
  paper_portfolios: PaperPortfoliosTable;
  audit_log: AuditLogTable;
  auth_sessions: AuthSessionsTable;
  api_tokens: ApiTokensTable;
  invitations: InvitationsTable;
}


/** Append-only (a trigger refuses UPDATE / DELETE); `id` is an identity column, read as text. */
export interface AuditLogTable {
  id: ColumnType<string, never, never>;
  at: CreatedAt;
  actor: string;
  client: string;
  action: string;
  object_type: string | null;
  object_id: string | null;
  reason: string | null;
  details: Jsonb;
}
