import { describe, expect, it } from 'vitest';
import { createRedisStore, namespaceBase } from '../src/index.js';
import { redisAvailable, testNamespace } from './helpers/redis-env.js';

const available = await redisAvailable();
const NOW = Date.UTC(2026, 0, 1);

describe.skipIf(!available)(
  'a namespace whose backoffs an earlier release stored (no backoff-end index)',
  () => {
    const { client, prefix } = testNamespace('bu-upgrade');

    it('gets its backoff-end indexes at open(), so a claim that finds nothing tells retryInMs', async () => {
      const old = createRedisStore({ client, prefix });
      await old.open();
      const sessionId = crypto.randomUUID();
      const session = {
        id: sessionId,
        component: 'test',
        runtimeInfo: '',
        intervalMs: 60_000,
        retentionMs: 0,
      };
      await old.createSession({ ...session, now: NOW });
      for (const delayMs of [7000, 4000]) {
        const machineId = crypto.randomUUID();
        await old.createMachine({ id: machineId, tags: {}, now: NOW });
        const claim = await old.claim({
          sessionId,
          process: 'P',
          blockers: ['P'],
          target: { machineId },
          now: NOW,
        });
        if (!claim.ok) throw new Error(claim.reason);
        const ref = { sessionId, machineId, process: 'P', token: claim.work.token, now: NOW };
        await old.fail({ ...ref, cause: 'x', intervalMs: delayMs, delayMs });
      }
      // As an earlier release left it: the backoffs, without their index or its mark.
      const base = namespaceBase(prefix);
      await client.del(`${base}bu:P`, `${base}buv`);
      const nothing = {
        sessionId,
        process: 'P',
        blockers: ['P'],
        target: { filter: { kind: 'has', tag: 'X' } },
      } as const;
      expect(await old.claim({ ...nothing, now: NOW + 1000 })).toEqual({ ok: false, reason: 'nothing' });

      const upgraded = createRedisStore({ client, prefix });
      await upgraded.open();
      expect(await upgraded.claim({ ...nothing, now: NOW + 1000 })).toEqual({
        ok: false,
        reason: 'nothing',
        retryInMs: 3000,
      });
      expect(await client.exists(`${base}buv`, `${base}buc`)).toBe(1);
    });
  },
);
