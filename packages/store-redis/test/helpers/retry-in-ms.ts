import { manualClock, type Store } from '@tagout/core';
import { expect, it } from 'vitest';

/**
 * The stores' own test of `retryInMs` (see `NothingEligible`): a claim by filter that finds
 * nothing tells the time until the earliest active backoff of its process ends, and so does a
 * batched one (`claimMany`) that takes nothing. `store` is open and empty.
 */
export function itTellsRetryInMs(store: () => Store): void {
  it('a claim by filter that finds nothing tells how long until the earliest backoff of its process ends', async () => {
    const s = store();
    const clock = manualClock();
    const sessionId = crypto.randomUUID();
    await s.createSession({
      id: sessionId,
      component: 'test',
      runtimeInfo: '',
      intervalMs: 3_600_000,
      retentionMs: 0,
      now: clock.now(),
    });
    const failFor = async (machineId: string, process: string, delayMs: number) => {
      const now = clock.now();
      const claim = await s.claim({ sessionId, process, blockers: [process], target: { machineId }, now });
      if (!claim.ok) throw new Error(claim.reason);
      const ref = { sessionId, machineId, process, token: claim.work.token, now };
      await s.fail({ ...ref, cause: 'x', intervalMs: delayMs, delayMs });
    };
    const byFilter = (process: string, tag: string) =>
      s.claim({
        sessionId,
        process,
        blockers: [process],
        target: { filter: { kind: 'has', tag } },
        now: clock.now(),
      });
    const [m1, m2] = [crypto.randomUUID(), crypto.randomUUID()];
    for (const id of [m1, m2]) await s.createMachine({ id, tags: { T: 'true' }, now: clock.now() });
    await failFor(m1, 'P', 5000);
    await failFor(m2, 'P', 3000);
    await failFor(m2, 'Q', 1000);

    clock.advance(1000);
    expect(await byFilter('P', 'T')).toEqual({ ok: false, reason: 'nothing', retryInMs: 2000 });
    // Whatever the filter: the earliest end among the process's backoffs.
    expect(await byFilter('P', 'Absent')).toEqual({ ok: false, reason: 'nothing', retryInMs: 2000 });
    // No active backoff of its own: no retryInMs.
    expect(await byFilter('Q', 'Absent')).toEqual({ ok: false, reason: 'nothing' });
    // A batched claim that takes nothing tells the same.
    const many = (process: string, limit: number) =>
      s.claimMany!({
        sessionId,
        process,
        blockers: [process],
        filter: { kind: 'has', tag: 'Absent' },
        limit,
        now: clock.now(),
      });
    expect(await many('P', 8)).toEqual({ ok: true, works: [], retryInMs: 2000 });
    expect(await many('Q', 8)).toEqual({ ok: true, works: [] });

    clock.advance(2500);
    const taken = await byFilter('P', 'T');
    expect(taken.ok && taken.work.machine.id).toBe(m2);
    // m2 is held now and m1's backoff ends at +5000: 1500 ms from now.
    expect(await byFilter('P', 'T')).toEqual({ ok: false, reason: 'nothing', retryInMs: 1500 });
    // A cleared backoff no longer counts.
    await s.clearBackoff({
      machineId: m1,
      process: 'P',
      reason: null,
      resetInterval: false,
      now: clock.now(),
    });
    expect(await byFilter('P', 'Absent')).toEqual({ ok: false, reason: 'nothing' });
  });
}
