import { manualClock } from '@tagout/core';
import { afterAll, expect, it } from 'vitest';
import { createPostgresStore } from '../src/index.js';
import { createTestSession, describePostgres, dropSchema, freshSchema } from './postgres.js';

describePostgres('a claim by filter that finds nothing', (url) => {
  const schema = freshSchema('retry');
  const store = createPostgresStore({ connectionString: url, schema });
  afterAll(async () => {
    await store.close();
    await dropSchema(url, schema);
  });

  it('tells how long until the earliest active backoff of its process ends (retryInMs)', async () => {
    const clock = manualClock();
    await store.open();
    const sessionId = await createTestSession(store, { intervalMs: 3_600_000, now: clock.now() });
    const failFor = async (machineId: string, process: string, delayMs: number) => {
      const now = clock.now();
      const claim = await store.claim({
        sessionId,
        process,
        blockers: [process],
        target: { machineId },
        now,
      });
      if (!claim.ok) throw new Error(claim.reason);
      const token = claim.work.token;
      await store.fail({
        sessionId,
        machineId,
        process,
        token,
        cause: 'x',
        intervalMs: delayMs,
        delayMs,
        now,
      });
    };
    const byFilter = (process: string, tag: string) =>
      store.claim({
        sessionId,
        process,
        blockers: [process],
        target: { filter: { kind: 'has', tag } },
        now: clock.now(),
      });
    const [m1, m2] = [crypto.randomUUID(), crypto.randomUUID()];
    for (const id of [m1, m2]) await store.createMachine({ id, tags: { T: 'true' }, now: clock.now() });
    await failFor(m1, 'P', 5000);
    await failFor(m2, 'P', 3000);
    await failFor(m2, 'Q', 1000);

    clock.advance(1000);
    expect(await byFilter('P', 'T')).toEqual({ ok: false, reason: 'nothing', retryInMs: 2000 });
    // Whatever the filter: the earliest end among the process's backoffs.
    expect(await byFilter('P', 'Absent')).toEqual({ ok: false, reason: 'nothing', retryInMs: 2000 });
    // No active backoff of its own: no retryInMs.
    expect(await byFilter('Q', 'Absent')).toEqual({ ok: false, reason: 'nothing' });

    clock.advance(2500);
    const taken = await byFilter('P', 'T');
    expect(taken.ok && taken.work.machine.id).toBe(m2);
    // m2 is held now and m1's backoff ends at +5000: 1500 ms from now.
    expect(await byFilter('P', 'T')).toEqual({ ok: false, reason: 'nothing', retryInMs: 1500 });
  });
});
