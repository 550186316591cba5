import { fileURLToPath } from 'node:url';
import { FLEET_PROCESS, runKillScenario } from '@tagout/conformance';
import { openEngine } from '@tagout/core';
import pg from 'pg';
import { afterAll, it } from 'vitest';
import { createPostgresStore } from '../src/index.js';
import { describePostgres, freshSchema } from './helpers/postgres.js';

const WORKER = fileURLToPath(new URL('./fixtures/kill-worker.ts', import.meta.url));

describePostgres('four processes on one database, one SIGKILLed mid-run', (url) => {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const schema = freshSchema('kill');
  afterAll(async () => {
    await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  });

  it('reclaims the killed process work after its deadline, with exclusive history', {
    timeout: 90_000,
  }, async () => {
    const engine = await openEngine({
      store: createPostgresStore({ pool, schema }),
      processes: [FLEET_PROCESS],
    });
    await runKillScenario({ engine, worker: { script: WORKER, args: [url, schema, '4'] } });
    await engine.close();
  });
});
