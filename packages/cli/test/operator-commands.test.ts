import { randomUUID } from 'node:crypto';
import { OPERATOR_SESSION_ID } from '@tagout/core';
import { expect, it } from 'vitest';
import { FAILURE_CAUSE, HOSTILE } from '../../web/test/support/seed-fleet.js';
import { useSeededStore } from '../../web/test/support/seeded-store.js';
import { describeEachStore } from '../../web/test/support/store-kinds.js';
import { tagout, tagoutJson } from './support/run-tagout.js';

describeEachStore('tagout sessions and clear-backoff', (kind) => {
  const seeded = useSeededStore(kind);

  it('sessions --json prints what the engine answers, all, alive only or limited', async () => {
    const { engine, session } = seeded.fleet;
    const hostile = await engine.startSession({
      component: HOSTILE,
      heartbeat: false,
      intervalMs: 3_600_000,
    });
    try {
      const all = await tagoutJson([...seeded.args, 'sessions']);
      expect(all).toEqual(await engine.sessions());
      expect(all).toMatchObject([
        { id: session.id, component: 'seeder', alive: true, liveWork: 1 },
        { id: hostile.id, component: HOSTILE, alive: true, liveWork: 0 },
      ]);
      expect(await tagoutJson([...seeded.args, 'sessions', '--alive'])).toEqual(
        await engine.sessions({ aliveOnly: true }),
      );
      expect(await tagoutJson([...seeded.args, 'sessions', '--limit', '1'])).toEqual(
        await engine.sessions({ limit: 1 }),
      );
      const table = await tagout([...seeded.args, 'sessions']);
      expect(table).toMatchObject({ code: 0, stderr: '' });
      const row = table.stdout.split('\n').find((line) => line.startsWith(session.id));
      expect(row).toMatch(/\sseeder\s.*\s(59m|1h) .*\syes\s+1$/);
    } finally {
      await hostile.close();
    }
  });

  it('clear-backoff ends the active backoff, prints whether it was active, and is in the history', async () => {
    const { engine, failed } = seeded.fleet;
    expect(await engine.backoffs({ machineId: failed, activeOnly: true })).toMatchObject([
      { process: 'AgentStart', cause: FAILURE_CAUSE },
    ]);
    const reason = 'BMC fixed by hand';
    const first = await tagout([...seeded.args, 'clear-backoff', failed, 'AgentStart', '--reason', reason]);
    expect(first).toEqual({
      code: 0,
      stdout: `cleared the active AgentStart backoff of ${failed}: it can be claimed now\n`,
      stderr: '',
    });
    expect(await engine.backoffs({ machineId: failed, activeOnly: true })).toEqual([]);
    expect(await engine.backoffs({ machineId: failed })).toMatchObject([
      { process: 'AgentStart', active: false },
    ]);
    const history = await tagoutJson([...seeded.args, 'history', '--machine', failed]);
    expect(history).toEqual(await engine.history({ machineId: failed, limit: 100 }));
    expect((history as unknown[]).at(-1)).toMatchObject({
      event: 'BackoffCleared',
      process: 'AgentStart',
      cause: reason,
      sessionId: OPERATOR_SESSION_ID,
    });

    expect(await tagoutJson([...seeded.args, 'clear-backoff', failed, 'AgentStart'])).toEqual({
      cleared: false,
    });
    expect(await engine.history({ machineId: failed, limit: 100 })).toEqual(history); // nothing recorded
    expect(
      await tagoutJson([...seeded.args, 'clear-backoff', failed, 'AgentStart', '--reset-interval']),
    ).toEqual({
      cleared: false,
    });
    expect(await engine.backoffs({ machineId: failed })).toEqual([]); // the interval is forgotten
  });

  it('clear-backoff refuses a bad machine id, an unknown process or machine: exit 1 with the message', async () => {
    const { engine, idle } = seeded.fleet;
    const refusal = async (machineId: string, process: string) => {
      const error = await engine.clearBackoff({ machineId, process }).catch((thrown: Error) => thrown);
      expect(error).toBeInstanceOf(Error);
      return { code: 1, stdout: '', stderr: `tagout: ${(error as Error).message}\n` };
    };
    for (const [machineId, process] of [
      ['not-a-uuid', 'AgentStart'],
      [idle, 'Nope'],
      [randomUUID(), 'AgentStart'],
    ] as const) {
      const expected = await refusal(machineId, process);
      expect(await tagout([...seeded.args, 'clear-backoff', machineId, process])).toEqual(expected);
    }
    expect(
      await tagout([...seeded.args, 'clear-backoff', idle, 'AgentStart', '--reason', ' ']),
    ).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^tagout: reason: /),
    });
  });
});
