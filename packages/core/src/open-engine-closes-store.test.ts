import { describe, expect, it } from 'vitest';
import { openEngine } from './engine.js';
import { StoreConnectionError, StoreError } from './errors.js';
import type { ConnectionNotice, Store } from './store.js';

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6999'), { code: 'ECONNREFUSED' });

/**
 * Just the lifecycle of a store (open fails like a refused connect, or succeeds); it records
 * what the engine called and keeps the watcher the engine handed it.
 */
function lifecycleStore(opens: boolean) {
  const calls: string[] = [];
  let notify: ((notice: ConnectionNotice) => void) | undefined;
  const store = {
    claim: () => Promise.reject(new Error('not used')),
    watchConnection: (callback: (notice: ConnectionNotice) => void) => {
      calls.push('watchConnection');
      notify = callback;
    },
    open: async () => {
      calls.push('open');
      if (!opens) throw refused;
    },
    close: async () => {
      calls.push('close');
    },
  } as unknown as Store;
  return { store, calls, notify: (notice: ConnectionNotice) => notify?.(notice) };
}

describe('openEngine and the store lifecycle', () => {
  it('closes a store that cannot open; the rejection is a StoreError carrying the driver error', async () => {
    const { store, calls } = lifecycleStore(false);
    const error = await openEngine({ store, processes: ['A'] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).cause).toBe(refused);
    expect((error as StoreError).message).toContain('ECONNREFUSED');
    expect(calls).toEqual(['watchConnection', 'open', 'close']);
  });

  it('hands the store a watcher whose notices reach onError as StoreConnectionError', async () => {
    const { store, calls, notify } = lifecycleStore(true);
    const reported: unknown[] = [];
    await openEngine({ store, processes: ['A'], onError: (e) => reported.push(e) });
    expect(calls).toEqual(['watchConnection', 'open']);
    const down = new Error('connect ECONNREFUSED');
    notify({ state: 'lost', error: down });
    notify({ state: 'restored' });
    expect(reported).toHaveLength(2);
    expect(reported[0]).toBeInstanceOf(StoreConnectionError);
    expect(reported[0]).toMatchObject({ restored: false, cause: down, code: 'STORE_CONNECTION' });
    expect(reported[1]).toMatchObject({ restored: true, message: 'store connection restored' });
  });
});
