import type { Store } from '@tagout/core';

/**
 * Claims `machineId` for process P in a new session and cancels the work: one signal naming P
 * (the session is left to expire).
 */
export async function cancelWork(store: Store, machineId: string): Promise<void> {
  const sessionId = crypto.randomUUID();
  const session = { id: sessionId, component: 'test', runtimeInfo: '', intervalMs: 60_000, retentionMs: 0 };
  await store.createSession(session);
  const claim = await store.claim({ sessionId, process: 'P', blockers: ['P'], target: { machineId } });
  if (!claim.ok) throw new Error(`claim: ${claim.reason}`);
  await store.cancel({ sessionId, machineId, process: 'P', token: claim.work.token });
}
