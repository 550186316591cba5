import { storeEvents } from '@tagout/conformance';
import type { Store } from '@tagout/core';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { createPostgresStore } from '../src/index.js';
import { describePostgres, freshSchema } from './helpers/postgres.js';

describePostgres('create_session deletes retired sessions', (url) => {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const schema = freshSchema('retire');
  afterAll(async () => {
    await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  });
  const sessionIds = async () =>
    (await pool.query(`select id from "${schema}".sessions order by id`)).rows.map((row) => row.id as string);
  const start = async (store: Store, input: { intervalMs: number; retentionMs: number; now: number }) => {
    const id = crypto.randomUUID();
    await store.createSession({ id, component: 'test', runtimeInfo: '', ...input });
    return id;
  };

  it('deletes a crashed session past its retention; keeps one within it and one holding work', async () => {
    const store = createPostgresStore({ pool, schema });
    await store.open();
    const machineId = crypto.randomUUID();
    await store.createMachine({ id: machineId, tags: {}, now: 0 });
    // Each dies at 1000 (interval 1000, never heartbeated) unless said otherwise.
    const crashed = await start(store, { intervalMs: 1000, retentionMs: 5000, now: 0 });
    const retained = await start(store, { intervalMs: 1000, retentionMs: 60_000, now: 0 });
    const holding = await start(store, { intervalMs: 1000, retentionMs: 0, now: 0 });
    const claim = await store.claim({
      sessionId: holding,
      process: 'P',
      blockers: ['P'],
      target: { machineId },
      now: 10,
    });
    expect(claim.ok).toBe(true);
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
    const reclaim = await store.claim({
      sessionId: fresh,
      process: 'P',
      blockers: ['P'],
      target: { machineId },
      now: 10_001,
    });
    expect(reclaim.ok).toBe(true);
    const last = await start(store, { intervalMs: 100_000, retentionMs: 0, now: 10_002 });
    expect(await sessionIds()).toEqual([retained, extended, early, fresh, last].sort());
  });

  it('counts work whose session row is gone as expired: a claim by filter reaps it', async () => {
    const store = createPostgresStore({ pool, schema });
    await store.open();
    const machineId = crypto.randomUUID();
    await store.createMachine({ id: machineId, tags: { Rack: '"b1"' }, now: 0 });
    const gone = await start(store, { intervalMs: 100_000, retentionMs: 0, now: 0 });
    const held = await store.claim({
      sessionId: gone,
      process: 'P',
      blockers: ['P'],
      target: { machineId },
      now: 1,
    });
    if (!held.ok) throw new Error(held.reason);
    await pool.query(`delete from "${schema}".sessions where id = $1`, [gone]);

    const next = await start(store, { intervalMs: 100_000, retentionMs: 0, now: 2 });
    const filter = { kind: 'has', tag: 'Rack' } as const;
    const claim = await store.claim({
      sessionId: next,
      process: 'P',
      blockers: ['P'],
      target: { filter },
      now: 3,
    });
    expect(claim.ok && claim.work.machine.id).toBe(machineId);
    expect((await storeEvents(store, { machineId })).map((e) => [e.event, e.sessionId])).toEqual([
      ['Started', gone],
      ['Expired', gone],
      ['Started', next],
    ]);
  });
});
