import type { Store } from '@tagout/core';

/**
 * Creates session `id` on `store` at `now`, alive for a minute and kept a minute after: the session
 * of a test that claims and finishes within that minute of store time.
 */
export async function createMinuteSession(store: Store, id: string, now: number): Promise<void> {
  await store.createSession({
    id,
    component: 'test',
    runtimeInfo: '',
    intervalMs: 60_000,
    retentionMs: 60_000,
    now,
  });
}
