import { fileURLToPath } from 'node:url';
import { afterAll, expect, it } from 'vitest';
import { runToExit } from '../../store-redis/test/helpers/run-to-exit.js';
import { describePostgres, dropSchema, freshSchema } from './helpers/postgres.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/subscribe-and-close.ts', import.meta.url));

describePostgres('store.close() with a subscription', (url) => {
  const schema = freshSchema('close');
  afterAll(() => dropSchema(url, schema));

  it('ends its listening connection (even one being reconnected): the process exits by itself', async () => {
    const run = await runToExit(FIXTURE, [url, schema]);
    expect(run.stderr).toBe('');
    expect(run.exit).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({ heard: [null] });
  });
});
