import { openEngine, StoreError } from '@tagout/core';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { createPostgresStore } from '../src/index.js';
import { describePostgres, freshSchema } from './helpers/postgres.js';

describePostgres('a connection killed mid-transition', (url) => {
  const appName = freshSchema('tagout_loss');
  const pool = new pg.Pool({ connectionString: url, max: 2, application_name: appName });
  pool.on('error', () => undefined);
  const admin = new pg.Pool({ connectionString: url, max: 2 });
  const schema = freshSchema('loss');
  const second = freshSchema('loss');
  afterAll(async () => {
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.query(`drop schema if exists "${second}" cascade`);
    await Promise.all([pool.end(), admin.end()]);
  });

  it('surfaces a StoreError with the driver error as cause, applies nothing, retires the session, and the next session works', async () => {
    const engine = await openEngine({ store: createPostgresStore({ pool, schema }), processes: ['P'] });
    const machine = await engine.createMachine({ tags: { Provided: true } });
    const session = await engine.startSession({ component: 'loss', heartbeat: false });

    // Hold the machine's row lock from another connection, so the claim waits inside its transaction.
    const blocker = await admin.connect();
    await blocker.query('begin');
    await blocker.query(`select 1 from "${schema}".machines where id = $1 for update`, [machine.id]);
    const claim = session.work('P', { machineId: machine.id }).then(
      () => undefined,
      (error: unknown) => error,
    );
    for (;;) {
      const { rows } = await admin.query(
        `select pid from pg_stat_activity where application_name = $1 and wait_event_type = 'Lock'`,
        [appName],
      );
      if (rows.length > 0) {
        await admin.query('select pg_terminate_backend($1)', [rows[0].pid]);
        break;
      }
    }
    const error = await claim;
    await blocker.query('rollback');
    blocker.release();

    expect(error).toBeInstanceOf(StoreError);
    expect((error as StoreError).cause).toBeInstanceOf(Error);
    // The claim's outcome was unknown to the engine, so it retired the session (see docs/semantics.md).
    expect(session.expired).toBe(true);
    await session.close();
    expect(await engine.history({ machineId: machine.id })).toEqual([]);
    expect(await engine.activeWork()).toEqual([]);

    const next = await engine.startSession({ component: 'loss', heartbeat: false });
    const work = await next.work('P', { machineId: machine.id });
    await work.finish({ setTags: { Done: true } });
    expect((await engine.history({ machineId: machine.id })).map((event) => event.event)).toEqual([
      'Started',
      'Finished',
    ]);
    expect(Object.keys((await engine.machine(machine.id))?.tags ?? {}).sort()).toEqual(['Done', 'Provided']);
    await engine.close();
  });

  it('recovers after every connection of its pool was terminated', async () => {
    const engine = await openEngine({
      store: createPostgresStore({ pool, schema: second }),
      processes: ['P'],
    });
    const before = await engine.createMachine();
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1', [
      appName,
    ]);
    // Idle clients that died are discarded by the pool, on their error event or on first use.
    let failures = 0;
    for (;;) {
      try {
        expect(await engine.machine(before.id)).toEqual(before);
        break;
      } catch (error) {
        expect(error).toBeInstanceOf(StoreError);
        failures++;
        expect(failures).toBeLessThanOrEqual(2);
      }
    }
    const after = await engine.createMachine();
    expect((await engine.machines()).map((machine) => machine.id).sort()).toEqual(
      [before.id, after.id].sort(),
    );
    await engine.close();
  });
});
