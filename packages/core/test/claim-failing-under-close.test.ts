import { createSqliteStore } from '@tagout/store-sqlite';
import { describe, expect, it } from 'vitest';
import { ClosedError, openEngine, SessionExpiredError, type Store, StoreError } from '../src/index.js';

/**
 * A SQLite store whose batched claims wait at a gate and then fail as a driver does once its
 * pool has ended under them ("Cannot use a pool after calling end on the pool").
 */
function storeFailingClaimsAtGate() {
  const inner = createSqliteStore();
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const claimMany = async () => {
    await gate;
    throw new Error('Cannot use a pool after calling end on the pool');
  };
  const store = new Proxy(inner, {
    get(target, property) {
      if (property === 'claimMany') return claimMany;
      const value = Reflect.get(target, property);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as Store;
  return { store, open };
}

describe('a claim failing in the store', () => {
  it('rejects with ClosedError when the engine was closed under it (the close released what it took)', async () => {
    const { store, open } = storeFailingClaimsAtGate();
    const engine = await openEngine({ store, processes: ['Install'] });
    const session = await engine.startSession({ component: 'test' });
    const claiming = session.workMany('Install', { where: { has: 'Provided' }, limit: 4 });
    const closing = engine.close();
    open();
    await expect(claiming).rejects.toBeInstanceOf(ClosedError);
    await closing;
  });

  it('rejects with the StoreError and retires the session when nothing closed it (the outcome is unknown)', async () => {
    const { store, open } = storeFailingClaimsAtGate();
    const engine = await openEngine({ store, processes: ['Install'] });
    const session = await engine.startSession({ component: 'test' });
    const claiming = session.workMany('Install', { where: { has: 'Provided' }, limit: 4 });
    open();
    await expect(claiming).rejects.toBeInstanceOf(StoreError);
    await expect(session.work('Install', { where: { has: 'Provided' } })).rejects.toBeInstanceOf(
      SessionExpiredError,
    );
    await engine.close();
  });
});
