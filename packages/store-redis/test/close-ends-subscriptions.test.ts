import { fileURLToPath } from 'node:url';
import { startPrivateRedis } from '@tagout/conformance';
import { describe, expect, it } from 'vitest';
import { runToExit } from './helpers/run-to-exit.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/subscribe-and-close.ts', import.meta.url));

describe('store.close() with a subscription', () => {
  it('ends its subscriber connection (even one being replaced): the process exits by itself', async () => {
    // A private server: the fixture kills every pub/sub connection on it.
    const server = await startPrivateRedis({ persist: false });
    try {
      const run = await runToExit(FIXTURE, [server.url]);
      expect(run.stderr).toBe('');
      expect(run.exit).toBe(0);
      expect(JSON.parse(run.stdout)).toEqual({ heard: [null] });
    } finally {
      await server.stop();
    }
  });
});
