import { openEngine, StoreError, type TagoutError } from '@tagout/core';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresStore } from '../src/index.js';
import { type BlackholeProxy, startBlackholeProxy } from './helpers/blackhole-proxy.js';
import { describePostgres, freshSchema } from './helpers/postgres.js';

describePostgres('a store behind a network blackhole', (url) => {
  const admin = new pg.Pool({ connectionString: url, max: 1 });
  const schema = freshSchema('hole');
  let proxy: BlackholeProxy;
  beforeAll(async () => {
    const server = new URL(url);
    proxy = await startBlackholeProxy({ host: server.hostname, port: Number(server.port || 5432) });
    await createPostgresStore({ pool: admin, schema }).migrate();
  });
  afterAll(async () => {
    await proxy.close();
    await admin.query(`drop schema if exists "${schema}" cascade`);
    await admin.end();
  });

  it('rejects every call with StoreError within timeoutMs instead of hanging, and works again after resume', async () => {
    const through = new URL(url);
    through.host = `127.0.0.1:${proxy.port}`;
    const reported: TagoutError[] = [];
    const engine = await openEngine({
      store: createPostgresStore({ connectionString: through.href, schema, timeoutMs: 500 }),
      processes: ['P'],
      onError: (error) => reported.push(error),
    });
    const machine = await engine.createMachine({ tags: { Provided: true } });
    const session = await engine.startSession({ component: 'hole', heartbeat: false });
    const work = await session.work('P', { machineId: machine.id });

    proxy.blackhole();
    // An established connection that stops answering, then new connections that never get
    // through their startup.
    await expect(work.finish()).rejects.toBeInstanceOf(StoreError);
    await expect(engine.machines()).rejects.toBeInstanceOf(StoreError);
    await expect(session.heartbeat()).rejects.toBeInstanceOf(StoreError);

    proxy.resume();
    expect((await engine.machines()).map((m) => m.id)).toEqual([machine.id]);
    await session.heartbeat();
    // The finish never reached the server: the work is still held, and no connection was left
    // inside a transaction (its rows would be invisible here).
    expect((await engine.activeWork()).map((w) => w.machineId)).toEqual([machine.id]);
    const other = await engine.createMachine();
    await (await session.work('P', { machineId: other.id })).finish();
    expect((await engine.history({ machineId: other.id })).map((e) => e.event)).toEqual([
      'Started',
      'Finished',
    ]);
    const { rows } = await admin.query(
      `select count(*)::int as n from pg_stat_activity where state like 'idle in transaction%'
          and query like '%' || $1 || '%'`,
      [schema],
    );
    expect(rows[0].n).toBe(0);

    proxy.blackhole();
    const closed = await engine.close().then(
      () => 'closed',
      (error: unknown) => error,
    );
    expect(closed === 'closed' || closed instanceof StoreError).toBe(true);
    // Closing the session could not get through: reported, not thrown.
    expect(reported.some((error) => error instanceof StoreError)).toBe(true);
    proxy.resume();
  });
});
