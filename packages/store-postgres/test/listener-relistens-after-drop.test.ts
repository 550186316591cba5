import { recordSignals } from '@tagout/conformance';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { signalsUntil, signalsUntilNull } from '../../store-redis/test/helpers/signals-until.js';
import { createPostgresStore, type PostgresStore } from '../src/index.js';
import { listenSql, notifyChannel } from '../src/notify-channel.js';
import { createTestSession, describePostgres, dropSchema, freshSchema } from './helpers/postgres.js';

describePostgres('a listening connection terminated by the server', (url) => {
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  const schemas: string[] = [];
  afterAll(async () => {
    await Promise.all(schemas.map((schema) => dropSchema(url, schema)));
    await admin.end();
  });

  /** The backend that last ran the schema's LISTEN and is idle: the store's listening connection. */
  async function listenerPids(schema: string): Promise<number[]> {
    const { rows } = await admin.query(
      `select pid from pg_stat_activity where query = $1 and state = 'idle' order by pid`,
      [listenSql(notifyChannel(schema))],
    );
    return rows.map((row) => Number(row.pid));
  }

  /** Claims the machine for P and cancels the work: a signal naming P. */
  async function cancelWork(store: PostgresStore, machineId: string): Promise<void> {
    const sessionId = await createTestSession(store, { intervalMs: 60_000, now: Date.now() });
    const claim = await store.claim({ sessionId, process: 'P', blockers: ['P'], target: { machineId } });
    if (!claim.ok) throw new Error(claim.reason);
    await store.cancel({ sessionId, machineId, process: 'P', token: claim.work.token });
  }

  it.each([
    ['a pg.Client of its own (connection string)', 'own'],
    ['a client checked out of the handed-in pool', 'pool'],
  ])('%s: it listens again, says null, and hears later signals', async (_, kind) => {
    const schema = freshSchema('relisten');
    schemas.push(schema);
    const pool = new pg.Pool({ connectionString: url, max: 3 });
    // Closed before anyone listens: its signal is sent by then, and heard by nobody.
    const setup = createPostgresStore({ pool, schema });
    const machine = crypto.randomUUID();
    await setup.open();
    await setup.createMachine({ id: machine, tags: {} });
    await setup.close();
    const writer = createPostgresStore({ pool, schema });
    const reader =
      kind === 'own'
        ? createPostgresStore({ connectionString: url, schema })
        : createPostgresStore({ pool, schema });
    const signals = await recordSignals(reader);
    const [before] = await listenerPids(schema);
    expect(before).toBeDefined();

    await admin.query('select pg_terminate_backend($1)', [before]);
    expect(await signalsUntilNull(signals)).toEqual([null]);
    const after = await listenerPids(schema);
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);

    await cancelWork(writer, machine);
    expect(await signalsUntil(signals, (signal) => signal !== null)).toEqual([['P']]);
    await reader.close();
    expect(await listenerPids(schema)).toEqual([]);
    await writer.close();
    await pool.end();
  });
});
