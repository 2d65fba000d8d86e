import type { ColumnType, Generated } from 'kysely';

/** The experiments tables (migration 0013) as Kysely sees them; records in repos/experiments.ts. */
type CreatedAt = ColumnType<Date, Date | undefined, Date>;
type NullableTimestamp = ColumnType<Date | null, Date | null | undefined, Date | null>;
type Jsonb = ColumnType<unknown, string, string>;
type NullableJsonb = ColumnType<unknown, string | null | undefined, string | null>;

export interface ExperimentsTable {
  id: string;
  owner_id: string;
  name: string;
  graph_id: string;
  graph_version: number;
  spec: Jsonb;
  status: Generated<string>;
  stop_reason: string | null;
  started_at: Date;
  next_iteration_at: NullableTimestamp;
  champion_iteration_id: string | null;
  champion_holdout: number | null;
  created_at: CreatedAt;
  updated_at: CreatedAt;
  /** The instance holding the current claim (migration 0018); null when none holds it. */
  claimed_by: Generated<string | null>;
}

export interface ExperimentIterationsTable {
  id: string;
  experiment_id: string;
  seq: number;
  params: Jsonb;
  proposer: string;
  reason: string | null;
  status: string;
  objective: number | null;
  fold_objectives: ColumnType<unknown, string | undefined, string>;
  stats: NullableJsonb;
  run_ids: ColumnType<unknown, string | undefined, string>;
  error: string | null;
  llm_cost_usd: Generated<number>;
  instance: string | null;
  started_at: Date;
  finished_at: NullableTimestamp;
  duration_ms: number | null;
}

export interface ExperimentPromotionsTable {
  id: string;
  experiment_id: string;
  iteration_id: string;
  status: string;
  challenger_holdout: number | null;
  champion_holdout: number | null;
  holdout_stats: NullableJsonb;
  reason: string;
  approval_run_id: string | null;
  decided_by: string | null;
  graph_version: number | null;
  created_at: Date;
  decided_at: NullableTimestamp;
}
