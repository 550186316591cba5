import { describeStoreConformance } from '@tagout/conformance';
import type { Store } from '@tagout/core';
import pg from 'pg';
import { afterAll } from 'vitest';
import { createPostgresStore } from '../src/index.js';
import { describePostgres, freshSchema } from './helpers/postgres.js';

describePostgres('postgres', (url) => {
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  const schemas = new Map<Store, string>();
  afterAll(() => pool.end());

  describeStoreConformance({
    name: 'postgres',
    createStore: () => {
      const schema = freshSchema('conf');
      const store = createPostgresStore({ pool, schema });
      schemas.set(store, schema);
      return store;
    },
    destroyStore: async (store) => {
      await pool.query(`drop schema if exists "${schemas.get(store)}" cascade`);
      schemas.delete(store);
    },
    createPeer: (store) => createPostgresStore({ pool, schema: schemas.get(store)! }),
    // text and jsonb refuse U+0000 and unpaired surrogates (core refuses them too, see the README).
    limits: { onlyStorableText: true },
  });
});
