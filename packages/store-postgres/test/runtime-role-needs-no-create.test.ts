import { openEngine, StoreError } from '@tagout/core';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { createPostgresStore } from '../src/index.js';
import { describePostgres, freshSchema } from './helpers/postgres.js';

/** The grants the README ("Least privileges") documents for a runtime role. */
const runtimeGrants = (schema: string, role: string) => [
  `grant usage on schema "${schema}" to ${role}`,
  `grant select, insert, update, delete on all tables in schema "${schema}" to ${role}`,
  `grant usage on all sequences in schema "${schema}" to ${role}`,
  `grant execute on all functions in schema "${schema}" to ${role}`,
];

describePostgres('a runtime role without CREATE', (url) => {
  const owner = new pg.Pool({ connectionString: url, max: 2 });
  const role = freshSchema('tagout_runtime');
  const asRole = new URL(url);
  asRole.username = role;
  const migrated = freshSchema('role');
  const unmigrated = freshSchema('role');
  afterAll(async () => {
    await owner.query(`drop schema if exists "${migrated}" cascade`);
    await owner.query(`drop owned by ${role}`);
    await owner.query(`drop role ${role}`);
    await owner.end();
  });

  it('opens an up-to-date store and works; on an un-migrated schema it gets a StoreError saying to migrate', async () => {
    await owner.query(`create role ${role} login`);
    await createPostgresStore({ pool: owner, schema: migrated }).migrate();
    for (const grant of runtimeGrants(migrated, role)) await owner.query(grant);
    const { rows } = await owner.query(
      'select has_database_privilege($1, current_database(), $2) as db, has_schema_privilege($1, $3, $2) as schema',
      [role, 'CREATE', migrated],
    );
    expect(rows[0]).toEqual({ db: false, schema: false });

    const engine = await openEngine({
      store: createPostgresStore({ connectionString: asRole.href, schema: migrated }),
      processes: ['P'],
    });
    const [done, failed, canceled] = [
      await engine.createMachine({ tags: { Provided: true } }),
      await engine.createMachine(),
      await engine.createMachine(),
    ];
    const session = await engine.startSession({ component: 'runtime', heartbeat: false });
    await session.heartbeat();
    await (await session.work('P', { where: { has: 'Provided' } }))?.finish({ setTags: { Done: true } });
    await (await session.work('P', { machineId: failed.id })).fail('first try');
    await (await session.work('P', { machineId: canceled.id })).cancel();
    await engine.deleteMachine(done.id);
    await session.close();
    const events = async (machineId: string) =>
      (await engine.history({ machineId })).map((event) => event.event);
    expect(await events(done.id)).toEqual(['Started', 'Finished']);
    expect(await events(failed.id)).toEqual(['Started', 'Failed']);
    expect(await events(canceled.id)).toEqual(['Started', 'Canceled']);
    expect((await engine.backoffs()).map((backoff) => backoff.machineId)).toEqual([failed.id]);
    expect((await engine.stats()).machines).toBe(2);
    await engine.close();

    const refused = openEngine({
      store: createPostgresStore({ connectionString: asRole.href, schema: unmigrated }),
      processes: ['P'],
    });
    await expect(refused).rejects.toBeInstanceOf(StoreError);
    await expect(refused).rejects.toThrow(/run store\.migrate\(\) once as the schema's owner/);
  });
});
