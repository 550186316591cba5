import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { refusedPort, runToExit } from './helpers/run-to-exit.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/open-refused.ts', import.meta.url));

describe('a Redis store that cannot connect', () => {
  it.each([
    ['openEngine', 'engine', { name: 'StoreError', code: 'STORE', causeCode: 'ECONNREFUSED' }],
    ['store.open() alone', 'store', { code: 'ECONNREFUSED' }],
  ])(
    '%s rejects with the refused connect and the process exits by itself, printing nothing',
    async (_, mode, expected) => {
      const url = `redis://127.0.0.1:${await refusedPort()}`;
      const run = await runToExit(FIXTURE, [mode, url]);
      expect(run.exit).toBe(0);
      expect(JSON.parse(run.stdout)).toMatchObject({
        ...expected,
        message: expect.stringContaining('ECONNREFUSED'),
      });
      expect(run.stderr).toBe('');
    },
  );
});
