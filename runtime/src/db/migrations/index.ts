import type { Migration } from 'kysely';
import * as m0001 from './0001_users_graphs';
import * as m0002 from './0002_runs';
import * as m0003 from './0003_node_outputs';
import * as m0004 from './0004_artifacts_approvals';
import * as m0005 from './0005_price_data';
import * as m0006 from './0006_llm_calls';
import * as m0007 from './0007_run_instance';

/**
 * Every migration, in order, defined in code (bundlers and tsx need no files on disk).
 * Add a new file and a line here; never edit one that has shipped.
 */
export const migrations: Record<string, Migration> = {
  '0001_users_graphs': m0001,
  '0002_runs': m0002,
  '0003_node_outputs': m0003,
  '0004_artifacts_approvals': m0004,
  '0005_price_data': m0005,
  '0006_llm_calls': m0006,
  '0007_run_instance': m0007,
};
