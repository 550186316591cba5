import { afterAll, beforeAll } from 'vitest';
import { itTellsRetryInMs } from '../../store-redis/test/helpers/retry-in-ms.js';
import { createPostgresStore } from '../src/index.js';
import { describePostgres, dropSchema, freshSchema } from './helpers/postgres.js';

describePostgres('a claim by filter that finds nothing', (url) => {
  const schema = freshSchema('retry');
  const store = createPostgresStore({ connectionString: url, schema });
  beforeAll(() => store.open());
  afterAll(async () => {
    await store.close();
    await dropSchema(url, schema);
  });
  itTellsRetryInMs(() => store);
});
