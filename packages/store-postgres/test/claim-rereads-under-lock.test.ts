import { storeEvents } from '@tagout/conformance';
import type { StoreFilter } from '@tagout/core';
import type pg from 'pg';
import { expect, it } from 'vitest';
import { createTestSession, describePostgres } from './helpers/postgres.js';
import { storeOnFreshSchema } from './helpers/store-on-fresh-schema.js';

/**
 * A claim by filter judges eligibility on the snapshot its statement starts with, then locks the
 * machine it picked and its session row (KEY SHARE). These tests hold the claimer's session row
 * (FOR UPDATE, which KEY SHARE waits for) so the claim stops after its snapshot, commit something
 * there, and check that the claim does not act on what its snapshot showed.
 */
describePostgres('a claim by filter whose snapshot went stale before its locks', (url) => {
  const { pool, s, store } = storeOnFreshSchema(url, 'reread_claim', { max: 4 });
  const filter = { kind: 'has' as const, tag: 'Provided' };

  const session = (now: number, intervalMs: number) => createTestSession(store, { intervalMs, now });
  type ClaimInput = { sessionId: string; process: string; filter: StoreFilter; now: number };
  /** Each test runs with a single claim and with a batched one; `nothing` is what finding none returns. */
  const claims = [
    {
      name: 'claim',
      claim: ({ filter, ...input }: ClaimInput): Promise<unknown> =>
        store.claim({ ...input, blockers: [input.process], target: { filter } }),
      nothing: { ok: false, reason: 'nothing' },
    },
    {
      name: 'claimMany',
      claim: (input: ClaimInput): Promise<unknown> =>
        store.claimMany!({ ...input, blockers: [input.process], limit: 3 }),
      nothing: { ok: true, works: [] },
    },
  ];
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
        // A claim of this test's schema waits for a lock: only the session row is held. (The
        // statement text, cut at track_activity_query_size, may end before its lock clause.)
        const { rows } = await pool.query(
          `select 1 from pg_stat_activity where wait_event_type = 'Lock' and position($1 in query) > 0`,
          [`${s}.sessions`],
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

  it.each(claims)(
    '$name does not reap work whose session a heartbeat extended after the claim’s snapshot',
    async (mode) => {
      const machineId = await machine(mode.name === 'claim' ? 'e' : 'c');
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
      const claim = () => mode.claim({ sessionId: claimer, process: 'P', filter, now: 1500 });
      // The claim's snapshot shows the holder's deadline 1000, passed at 1500; a heartbeat at 900
      // (before that deadline) moves it to 1900 while the claim waits.
      const result = await stalled(claimer, claim, async () => {
        expect(await store.heartbeat({ sessionId: holder, retentionMs: 0, now: 900 })).toEqual({
          ok: true,
          deadline: 1900,
        });
      });
      expect(result).toEqual(mode.nothing);
      const events = await storeEvents(store, { machineId });
      expect(events.map((event) => [event.event, event.sessionId])).toEqual([['Started', holder]]);
    },
  );

  it.each(claims)('$name claims nothing for a session closed after the claim’s snapshot', async (mode) => {
    const machineId = await machine(mode.name === 'claim' ? 'f' : 'b');
    const claimer = await session(0, 1_000_000);
    const claim = () => mode.claim({ sessionId: claimer, process: 'Q', filter, now: 10 });
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

  it.each(claims)(
    '$name looks again when the pair has work its snapshot did not show (the work key stops the insert)',
    async (mode) => {
      const machineId = `ffffffff-ffff-4fff-bfff-fffffffffff${mode.name === 'claim' ? 'd' : 'a'}`;
      const tag = `Collide${mode.name}`;
      await store.createMachine({ id: machineId, tags: { [tag]: 'true' }, now: 0 });
      const [claimer, other] = [await session(0, 1_000_000), await session(0, 1_000_000)];
      const claim = () =>
        mode.claim({ sessionId: claimer, process: 'R', filter: { kind: 'has', tag }, now: 10 });
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
      expect(result).toEqual(mode.nothing);
      const events = await storeEvents(store, { machineId });
      expect(events.map((event) => [event.event, event.sessionId])).toEqual([['Started', other]]);
    },
  );
});
