import type { ClaimResult, Store, StoreClaimInput } from '@tagout/core';
import { expect } from 'vitest';
import { storeEvents } from './store-events.js';

/** A store opened for the retired-session stories, and a direct look at its session rows. */
export interface RetiredSessionsProbe {
  /** The store, opened. */
  store: Store;
  /** The ids of every session row the store holds, read from its storage. */
  sessionIds(): Promise<string[]>;
  /** Deletes a session row straight from its storage, behind the store's back. */
  deleteSession(id: string): Promise<void>;
}

/** Creates a session (component `test`) straight through the store; returns its id. */
async function start(
  store: Store,
  input: { intervalMs: number; retentionMs: number; now: number },
): Promise<string> {
  const id = crypto.randomUUID();
  await store.createSession({ id, component: 'test', runtimeInfo: '', ...input });
  return id;
}

/** A claim of process P (blocked by itself) for a session at `now`. */
function claimP(
  store: Store,
  sessionId: string,
  target: StoreClaimInput['target'],
  now: number,
): Promise<ClaimResult> {
  return store.claim({ sessionId, process: 'P', blockers: ['P'], target, now });
}

/**
 * createSession deletes the sessions past their retention: a crashed one once its retention is
 * over; not one within it, one a heartbeat extended, nor one holding work until that work is reaped.
 * @throws the assertion error of the first check that fails.
 */
export async function expectRetiredSessionsDeleted({
  store,
  sessionIds,
}: RetiredSessionsProbe): Promise<void> {
  const machineId = crypto.randomUUID();
  await store.createMachine({ id: machineId, tags: {}, now: 0 });
  // Each dies at 1000 (interval 1000, never heartbeated) unless said otherwise.
  const crashed = await start(store, { intervalMs: 1000, retentionMs: 5000, now: 0 });
  const retained = await start(store, { intervalMs: 1000, retentionMs: 60_000, now: 0 });
  const holding = await start(store, { intervalMs: 1000, retentionMs: 0, now: 0 });
  expect((await claimP(store, holding, { machineId }, 10)).ok).toBe(true);
  // Created with no retention; its heartbeat (deadline 1500) keeps it until 61,500.
  const extended = await start(store, { intervalMs: 1000, retentionMs: 0, now: 0 });
  expect(await store.heartbeat({ sessionId: extended, retentionMs: 60_000, now: 500 })).toEqual({
    ok: true,
    deadline: 1500,
  });

  // At 5,999 nothing is retired yet; at 10,000 only the crashed session is.
  const early = await start(store, { intervalMs: 100_000, retentionMs: 0, now: 5999 });
  expect(await sessionIds()).toEqual([crashed, retained, holding, extended, early].sort());
  const fresh = await start(store, { intervalMs: 100_000, retentionMs: 0, now: 10_000 });
  expect(await sessionIds()).toEqual([retained, holding, extended, early, fresh].sort());

  // Once its work is reaped (by a claim on the pair), the next session deletes it.
  expect((await claimP(store, fresh, { machineId }, 10_001)).ok).toBe(true);
  const last = await start(store, { intervalMs: 100_000, retentionMs: 0, now: 10_002 });
  expect(await sessionIds()).toEqual([retained, extended, early, fresh, last].sort());
}

/**
 * Work whose session row is gone counts as expired: a claim by filter reaps it (an `Expired`
 * event for the gone session) and takes the machine.
 * @throws the assertion error of the first check that fails.
 */
export async function expectWorkOfGoneSessionReaped({
  store,
  deleteSession,
}: RetiredSessionsProbe): Promise<void> {
  const machineId = crypto.randomUUID();
  await store.createMachine({ id: machineId, tags: { Rack: '"b1"' }, now: 0 });
  const gone = await start(store, { intervalMs: 100_000, retentionMs: 0, now: 0 });
  const held = await claimP(store, gone, { machineId }, 1);
  if (!held.ok) throw new Error(held.reason);
  await deleteSession(gone);

  const next = await start(store, { intervalMs: 100_000, retentionMs: 0, now: 2 });
  const claim = await claimP(store, next, { filter: { kind: 'has', tag: 'Rack' } }, 3);
  expect(claim.ok && claim.work.machine.id).toBe(machineId);
  expect((await storeEvents(store, { machineId })).map((e) => [e.event, e.sessionId])).toEqual([
    ['Started', gone],
    ['Expired', gone],
    ['Started', next],
  ]);
}
