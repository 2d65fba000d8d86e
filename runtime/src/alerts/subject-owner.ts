import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../db/schema';
import type { AlertSubject } from './schemas';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The table holding each kind of alert subject; its row's owner is the alert's. */
const TABLE_OF: Record<string, 'runs' | 'schedules' | 'experiments' | 'paper_portfolios' | 'data_triggers'> = {
  run: 'runs',
  schedule: 'schedules',
  experiment: 'experiments',
  paper: 'paper_portfolios',
  paper_portfolio: 'paper_portfolios',
  data_trigger: 'data_triggers',
};

/**
 * Whose alert this is: the owner of what it is about (a run, a schedule, an experiment, a paper
 * portfolio, a data trigger). Undefined for lab-wide alerts (the daily LLM limit) and subjects
 * that are gone: those go to the lab's owner.
 */
export async function ownerOfSubject(db: Kysely<Database> | Transaction<Database>, subject: AlertSubject | undefined): Promise<string | undefined> {
  const table = subject ? TABLE_OF[subject.type] : undefined;
  if (!subject || !table || !UUID.test(subject.id)) return undefined;
  const row = await db.selectFrom(table).select('owner_id').where('id', '=', subject.id).executeTakeFirst();
  return row?.owner_id;
}
