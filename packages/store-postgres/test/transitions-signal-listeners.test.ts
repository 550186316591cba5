import type { StoreSubscription } from '@tagout/core';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Heard, SignalLog } from '../../store-redis/test/helpers/signal-log.js';
import { createPostgresStore, type PostgresStore } from '../src/index.js';
import { notifyChannel } from '../src/notify-channel.js';
import { createTestSession, describePostgres, dropSchema, freshSchema } from './postgres.js';

const NOW = Date.UTC(2026, 0, 1);
const P = { process: 'P', blockers: ['P'] };

describePostgres('what transitions signal to a subscriber of another store on the schema', (url) => {
  const schema = freshSchema('signals');
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  const log = new SignalLog();
  let reader: PostgresStore;
  let subscription: StoreSubscription;
  let marks = 0;

  beforeAll(async () => {
    await createPostgresStore({ pool, schema }).open();
    // Its own connection string, so it listens on a pg.Client of its own.
    reader = createPostgresStore({ connectionString: url, schema });
    subscription = await reader.subscribe(log.listener);
  });
  afterAll(async () => {
    await subscription.close();
    await reader.close();
    await dropSchema(url, schema);
    await pool.end();
  });

  /**
   * What the subscriber heard from `act`, run on a store of its own (closing it sends every signal
   * it raised), up to a marker notified after it: notifications arrive in commit order.
   */
  async function heardFrom(act: (store: PostgresStore) => Promise<unknown>): Promise<Heard[]> {
    const writer = createPostgresStore({ pool, schema, autoMigrate: false });
    await act(writer);
    await writer.close();
    const marker = `marker-${++marks}`;
    await pool.query('select pg_notify($1, $2)', [notifyChannel(schema), marker]);
    return log.untilMarker(marker);
  }

  async function newMachine(tags: Record<string, string> = {}): Promise<string> {
    const id = crypto.randomUUID();
    await heardFrom((store) => store.createMachine({ id, tags, now: NOW }));
    return id;
  }

  it('machines and tags written: null; refused writes: nothing', async () => {
    const id = crypto.randomUUID();
    expect(await heardFrom((s) => s.createMachine({ id, tags: {}, now: NOW }))).toEqual([null]);
    const machines = [{ id: crypto.randomUUID(), tags: { A: '1' } }];
    expect(await heardFrom((s) => s.createMachines({ machines, now: NOW }))).toEqual([null]);
    expect(await heardFrom((s) => s.setTags({ machineId: id, tags: { A: '1' }, now: NOW }))).toEqual([null]);
    const many = [{ machineId: id, tags: { B: '2' } }];
    expect(await heardFrom((s) => s.setTagsMany({ machines: many, now: NOW }))).toEqual([null]);
    expect(await heardFrom((s) => s.deleteTags({ machineId: id, names: ['A'] }))).toEqual([null]);

    expect(await heardFrom((s) => s.createMachine({ id, tags: {}, now: NOW }))).toEqual([]);
    const missing = crypto.randomUUID();
    expect(await heardFrom((s) => s.setTags({ machineId: missing, tags: { A: '1' }, now: NOW }))).toEqual([]);
    expect(await heardFrom((s) => s.deleteTags({ machineId: missing, names: ['A'] }))).toEqual([]);
  });

  it('work ended by finish, fail, cancel: its process (null when finish wrote tags); claims: nothing', async () => {
    const id = await newMachine({ Mine: '1' });
    const sessionId = await createTestSession(reader, { intervalMs: 60_000, now: NOW });
    const claim = async (now = NOW) => {
      let token = 0;
      let machineId = '';
      const heard = await heardFrom(async (s) => {
        const r = await s.claim({ sessionId, ...P, target: { filter: { kind: 'has', tag: 'Mine' } }, now });
        if (!r.ok) throw new Error(`claim: ${r.reason}`);
        ({
          token,
          machine: { id: machineId },
        } = r.work);
      });
      expect(heard).toEqual([]);
      expect(machineId).toBe(id);
      return { sessionId, machineId, process: 'P', token, now };
    };

    let work = await claim();
    expect(await heardFrom((s) => s.finish({ ...work, setTags: {}, deleteTags: [] }))).toEqual([['P']]);
    work = await claim();
    expect(await heardFrom((s) => s.finish({ ...work, setTags: { Done: 'true' }, deleteTags: [] }))).toEqual([
      null,
    ]);
    work = await claim();
    const fail = { ...work, cause: 'no', intervalMs: 1000, delayMs: 1000 };
    expect(await heardFrom((s) => s.fail(fail))).toEqual([['P']]);
    // The backoff has ended; finishing clears it (the `finish` function's path).
    work = await claim(NOW + 2000);
    expect(await heardFrom((s) => s.finish({ ...work, setTags: {}, deleteTags: [] }))).toEqual([['P']]);
    work = await claim();
    expect(await heardFrom((s) => s.cancel(work))).toEqual([['P']]);
    // Ending work this token no longer holds changes nothing.
    expect(await heardFrom((s) => s.finish({ ...work, setTags: {}, deleteTags: [] }))).toEqual([]);
    expect(await heardFrom((s) => s.cancel(work))).toEqual([]);
  });

  it('closeSession that released work: the processes of that work; one that released none: nothing', async () => {
    const [m1, m2] = [await newMachine(), await newMachine()];
    const sessionId = await createTestSession(reader, { intervalMs: 60_000, now: NOW });
    await heardFrom(async (s) => {
      await s.claim({ sessionId, process: 'P', blockers: ['P'], target: { machineId: m1 }, now: NOW });
      await s.claim({ sessionId, process: 'Q', blockers: ['Q'], target: { machineId: m1 }, now: NOW });
      await s.claim({ sessionId, process: 'P', blockers: ['P'], target: { machineId: m2 }, now: NOW });
    });
    expect(await heardFrom((s) => s.closeSession({ sessionId, now: NOW }))).toEqual([['P', 'Q']]);
    const idle = await createTestSession(reader, { intervalMs: 60_000, now: NOW });
    expect(await heardFrom((s) => s.closeSession({ sessionId: idle, now: NOW }))).toEqual([]);
  });

  it('clearBackoff that changed a backoff: its process; deleteMachine, prune and reads: nothing', async () => {
    const id = await newMachine();
    const sessionId = await createTestSession(reader, { intervalMs: 60_000, now: NOW });
    await heardFrom(async (s) => {
      const r = await s.claim({ sessionId, ...P, target: { machineId: id }, now: NOW });
      if (!r.ok) throw new Error(r.reason);
      await s.fail({
        sessionId,
        machineId: id,
        process: 'P',
        token: r.work.token,
        cause: 'x',
        intervalMs: 1,
        delayMs: 5000,
        now: NOW,
      });
    });
    const clear = { machineId: id, process: 'P', reason: null, resetInterval: false, now: NOW };
    expect(await heardFrom((s) => s.clearBackoff(clear))).toEqual([['P']]);
    // Ended already: nothing changes (without resetInterval), nothing is signalled.
    expect(await heardFrom((s) => s.clearBackoff(clear))).toEqual([]);
    expect(await heardFrom((s) => s.clearBackoff({ ...clear, resetInterval: true }))).toEqual([['P']]);

    expect(
      await heardFrom(async (s) => {
        await s.getMachine({ machineId: id });
        await s.listMachines({ limit: 10, now: NOW });
        await s.history({ limit: 10 });
        await s.backoffs({ activeOnly: false, limit: 10, now: NOW });
        await s.stats({ now: NOW });
        await s.pruneHistory({ olderThanMs: 0, limit: 10, now: NOW + 1 });
        await s.deleteMachine({ machineId: id, now: NOW });
      }),
    ).toEqual([]);
  });
});
