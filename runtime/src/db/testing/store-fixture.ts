import { afterAll, beforeAll } from 'vitest';
import { createStore, type Store } from '../store';
import type { TestDatabaseTarget, TestDb } from './test-databases';

export interface StoreFixture {
  readonly db: TestDb;
  readonly store: Store;
  /** The local user's id, created on open. */
  readonly owner: string;
}

/**
 * A store over a fresh database of `target` for the enclosing describe block: opened before
 * its tests, closed after. Read the fields inside tests (they are set by beforeAll).
 */
export function useTestStore(target: TestDatabaseTarget): StoreFixture {
  let db: TestDb | undefined;
  let store: Store | undefined;
  let owner: string | undefined;
  beforeAll(async () => {
    db = await target.open();
    store = createStore(db);
    owner = (await store.users.ensureLocalUser()).id;
  });
  afterAll(async () => {
    await db?.close();
  });
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`the test store's ${what} is read before beforeAll opened it`);
    return value;
  };
  return {
    get db() {
      return ready(db, 'database');
    },
    get store() {
      return ready(store, 'store');
    },
    get owner() {
      return ready(owner, 'owner');
    },
  };
}
