import type { Migration } from 'kysely';
import * as m0001 from './0001_users_graphs';
import * as m0002 from './0002_runs';
import * as m0003 from './0003_node_outputs';
import * as m0004 from './0004_artifacts_approvals';
import * as m0005 from './0005_price_data';
import * as m0006 from './0006_llm_calls';
import * as m0007 from './0007_run_instance';
import * as m0008 from './0008_run_lease';
import * as m0009 from './0009_node_outputs_uncompressed';
import * as m0010 from './0010_schedules';
import * as m0011 from './0011_cluster_message_attachments';
import * as m0012 from './0012_data_refresh_triggers';
import * as m0013 from './0013_experiments';
import * as m0014 from './0014_alerts';
import * as m0015 from './0015_paper_portfolios';
import * as m0016 from './0016_paper_degradation';
import * as m0017 from './0017_experiment_paused';
import * as m0018 from './0018_queued_fires_claims';
import * as m0019 from './0019_audit_log';
import * as m0020 from './0020_artifacts_uncompressed';
import * as m0021 from './0021_accounts';

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
  '0008_run_lease': m0008,
  '0009_node_outputs_uncompressed': m0009,
  '0010_schedules': m0010,
  '0011_cluster_message_attachments': m0011,
  '0012_data_refresh_triggers': m0012,
  '0013_experiments': m0013,
  '0014_alerts': m0014,
  '0015_paper_portfolios': m0015,
  '0016_paper_degradation': m0016,
  '0017_experiment_paused': m0017,
  '0018_queued_fires_claims': m0018,
  '0019_audit_log': m0019,
  '0020_artifacts_uncompressed': m0020,
  '0021_accounts': m0021,
};
