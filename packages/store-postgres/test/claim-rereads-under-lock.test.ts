import { storeEvents } from '@tagout/conformance';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresStore } from '../src/index.js';
import { createTestSession, describePostgres, freshSchema } from './postgres.js';

/**
 * A claim by filter judges eligibility on the snapshot its statement starts with, then locks the
 * machine it picked and its session row (KEY SHARE). These tests hold the claimer's session row
 * (FOR UPDATE, which KEY SHARE waits for) so the claim stops after its snapshot, commit something
 * there, and check that the claim does not act on what its snapshot showed.
 */
describePostgres('a claim by filter whose snapshot went stale before its locks', (url) => {
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const schema = freshSchema('reread_claim');
  const s = `"${schema}"`;
  const store = createPostgresStore({ pool, schema });
  const filter = { kind: 'has' as const, tag: 'Provided' };
  beforeAll(() => store.open());
  afterAll(async () => {
    await pool.query(`drop schema if exists ${s} cascade`);
    await pool.end();
  });

  const session = (now: number, intervalMs: number) => createTestSession(store, { intervalMs, now });
  /**
   * A machine with an id near the top of the uuid range, so the claim's first walk (from a random
   * id) finds it: a second walk would start after the locks, on a fresh snapshot.
   */
  const machine = async (last: string) => {
    const id = `ffffffff-ffff-4fff-bfff-fffffffffff${last}`;
    await store.createMachine({ id, tags: { Provided: 'true' }, now: 0 });
    return id;
  };

  /**
   * Runs `claim` while another connection holds the row of `sessionId`; once the claim waits for
   * it, runs `meanwhile` on that connection and commits. Returns the claim's result.
   */
  async function stalled<T>(
    sessionId: string,
    claim: () => Promise<T>,
    meanwhile: (client: pg.PoolClient) => Promise<void>,
  ) {
    const holder = await pool.connect();
    try {
      await holder.query('begin');
      await holder.query(`select 1 from ${s}.sessions where id = $1 for update`, [sessionId]);
      const result = claim();
      // The claim reaches the lock within milliseconds; a claim that never waits fails here.
      const giveUpAt = performance.now() + 10_000;
      for (;;) {
        const { rows } = await pool.query(
          `select 1 from pg_stat_activity where wait_event_type = 'Lock'
             and position('for key share' in query) > 0`,
        );
        if (rows.length > 0) break;
        if (performance.now() > giveUpAt) throw new Error('the claim never waited for the session row');
      }
      await meanwhile(holder);
      await holder.query('commit');
      return await result;
    } finally {
      holder.release();
    }
  }

  it('does not reap work whose session a heartbeat extended after the claim’s snapshot', async () => {
    const machineId = await machine('e');
    const holder = await session(0, 1000);
    const held = await store.claim({
      sessionId: holder,
      process: 'P',
      blockers: ['P'],
      target: { machineId },
      now: 0,
    });
    if (!held.ok) throw new Error(`claim failed: ${held.reason}`);
    const claimer = await session(0, 1_000_000);
    const claim = () =>
      store.claim({ sessionId: claimer, process: 'P', blockers: ['P'], target: { filter }, now: 1500 });
    // The claim's snapshot shows the holder's deadline 1000, passed at 1500; a heartbeat at 900
    // (before that deadline) moves it to 1900 while the claim waits.
    const result = await stalled(claimer, claim, async () => {
      expect(await store.heartbeat({ sessionId: holder, retentionMs: 0, now: 900 })).toEqual({
        ok: true,
        deadline: 1900,
      });
    });
    expect(result).toEqual({ ok: false, reason: 'nothing' });
    const events = await storeEvents(store, { machineId });
    expect(events.map((event) => [event.event, event.sessionId])).toEqual([['Started', holder]]);
  });

  it('claims nothing for a session closed after the claim’s snapshot', async () => {
    const machineId = await machine('f');
    const claimer = await session(0, 1_000_000);
    const claim = () =>
      store.claim({ sessionId: claimer, process: 'Q', blockers: ['Q'], target: { filter }, now: 10 });
    // What close_session does under the same lock: the session row goes.
    const result = await stalled(claimer, claim, async (client) => {
      await client.query(`delete from ${s}.sessions where id = $1`, [claimer]);
    });
    expect(result).toEqual({ ok: false, reason: 'session-expired' });
    expect(await store.activeWork({ process: 'Q', now: 10, limit: 10 })).toEqual([]);
    expect(await storeEvents(store, { machineId })).toEqual([]);
    const { rows } = await pool.query(`select count(*)::int as n from ${s}.work where session_id = $1`, [
      claimer,
    ]);
    expect(rows).toEqual([{ n: 0 }]);
  });

  it('looks again when the pair has work its snapshot did not show (the work key stops the insert)', async () => {
    const machineId = 'ffffffff-ffff-4fff-bfff-fffffffffffd';
    await store.createMachine({ id: machineId, tags: { Collide: 'true' }, now: 0 });
    const [claimer, other] = [await session(0, 1_000_000), await session(0, 1_000_000)];
    const claim = () =>
      store.claim({
        sessionId: claimer,
        process: 'R',
        blockers: ['R'],
        target: { filter: { kind: 'has', tag: 'Collide' } },
        now: 10,
      });
    // While the claim holds the machine and waits for its session row, the other session's work
    // on the pair appears (as a claim that committed just after the claim's snapshot would
    // leave it), so the claim's insert meets that work row's key.
    const result = await stalled(claimer, claim, async (client) => {
      await client.query(
        `with w as (insert into ${s}.work values ($1, 'R', $2, nextval('${s}.tokens'), 5) returning token)
         insert into ${s}.history (seq, machine_id, process, event, at, session_id, token)
           select token, $1, 'R', 'Started', 5, $2, token from w`,
        [machineId, other],
      );
    });
    expect(result).toEqual({ ok: false, reason: 'nothing' });
    const events = await storeEvents(store, { machineId });
    expect(events.map((event) => [event.event, event.sessionId])).toEqual([['Started', other]]);
  });
});
