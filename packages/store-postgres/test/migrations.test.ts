import { storeEvents } from '@tagout/conformance';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { createPostgresStore, MIGRATIONS } from '../src/index.js';
import { createTestSession, describePostgres, freshSchema } from './helpers/postgres.js';

describePostgres('migrations', (url) => {
  const pool = new pg.Pool({ connectionString: url, max: 6 });
  const schemas: string[] = [];
  const fresh = () => {
    const schema = freshSchema('mig');
    schemas.push(schema);
    return schema;
  };
  afterAll(async () => {
    for (const schema of schemas) await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  });

  it('applies every migration once, even from four stores migrating at once, and again is a no-op', async () => {
    const schema = fresh();
    const stores = Array.from({ length: 4 }, () => createPostgresStore({ pool, schema }));
    await Promise.all(stores.map((store) => store.migrate()));
    await stores[0]!.migrate();
    const { rows } = await pool.query(`select version from "${schema}".migrations order by version`);
    expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
  });

  it('upgrades a schema at migration 1, and claims and finishes on it afterwards', async () => {
    const schema = fresh();
    const s = `"${schema}"`;
    const first = MIGRATIONS[0]!;
    await pool.query(`create schema ${s}`);
    await pool.query(
      `create table ${s}.migrations (version integer primary key, name text not null, applied_at timestamptz not null default now())`,
    );
    await pool.query(first.sql(s));
    await pool.query(`insert into ${s}.migrations (version, name) values ($1, $2)`, [
      first.version,
      first.name,
    ]);
    const store = createPostgresStore({ pool, schema });
    await store.open();
    const { rows } = await pool.query(`select version from ${s}.migrations order by version`);
    expect(rows.map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
    const machineId = crypto.randomUUID();
    await store.createMachine({ id: machineId, tags: { Provided: 'true' }, now: 0 });
    const sessionId = await createTestSession(store, { intervalMs: 1000, now: 0 });
    const claim = await store.claim({
      sessionId,
      process: 'P',
      blockers: ['P'],
      target: { filter: { kind: 'has', tag: 'Provided' } },
      now: 10,
    });
    if (!claim.ok) throw new Error(`claim failed: ${claim.reason}`);
    const ref = { sessionId, machineId, process: 'P', token: claim.work.token };
    expect(await store.finish({ ...ref, setTags: {}, deleteTags: [], now: 20 })).toEqual({ ok: true });
    expect((await storeEvents(store, { machineId })).map((event) => event.event)).toEqual([
      'Started',
      'Finished',
    ]);
    expect(await store.closeSession({ sessionId, now: 30 })).toEqual({ released: 0 });
  });

  it('open() migrates unless autoMigrate is false', async () => {
    const manual = fresh();
    await createPostgresStore({ pool, schema: manual, autoMigrate: false }).open();
    const missing = await pool.query('select 1 from information_schema.schemata where schema_name = $1', [
      manual,
    ]);
    expect(missing.rows).toEqual([]);
    const auto = fresh();
    await createPostgresStore({ pool, schema: auto }).open();
    const present = await pool.query('select 1 from information_schema.schemata where schema_name = $1', [
      auto,
    ]);
    expect(present.rows).toHaveLength(1);
  });

  it('never ends a pool it was handed', async () => {
    await createPostgresStore({ pool }).close();
    expect((await pool.query('select 1 as one')).rows).toEqual([{ one: 1 }]);
  });
});
