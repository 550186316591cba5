import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { refusedPort, runToExit } from '../../store-redis/test/helpers/run-to-exit.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/open-refused.ts', import.meta.url));

describe('a Postgres store that cannot connect', () => {
  it('openEngine rejects with the refused connect and the process exits by itself, printing nothing', async () => {
    const url = `postgres://postgres@127.0.0.1:${await refusedPort()}/test`;
    const run = await runToExit(FIXTURE, [url]);
    expect(run.exit).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({
      name: 'StoreError',
      message: expect.stringContaining('ECONNREFUSED'),
      causeCode: 'ECONNREFUSED',
    });
    expect(run.stderr).toBe('');
  });
});
