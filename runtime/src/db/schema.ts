import type { ColumnType, Generated } from 'kysely';

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
}

