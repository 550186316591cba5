import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { checkExclusivity } from '@tagout/conformance';
import { openEngine } from '@tagout/core';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../src/index.js';
import {
  dropRedisNamespace,
  REDIS_URL,
  randomPrefix,
  redisAvailable,
  testClient,
} from './helpers/redis-env.js';

const available = await redisAvailable();
const WORKER = fileURLToPath(new URL('./fixtures/kill-worker.ts', import.meta.url));
const MACHINES = 2000;
const PROCESSES = 4;
const SESSIONS = 4;

interface Worker {
  child: ChildProcess;
  sessionIds: string[];
  exited: Promise<number | null>;
}

function startWorker(prefix: string): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, REDIS_URL, prefix, String(SESSIONS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const sessionIds: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    sessionIds.push(...chunk.split('\n').filter((line) => line.length > 0));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, sessionIds, exited };
}

describe.skipIf(!available)('four processes, one SIGKILLed mid-run', () => {
  const client = testClient();
  const prefix = randomPrefix('kill');
  const workers: Worker[] = [];
  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await dropRedisNamespace(client, prefix);
    client.disconnect();
  });

  it('reclaims the killed process work after its deadline, with exclusive history', {
    timeout: 90_000,
  }, async () => {
    const engine = await openEngine({
      store: createRedisStore({ client, prefix }),
      processes: ['AgentStart'],
    });
    for (let i = 0; i < MACHINES; i++) await engine.createMachine({ tags: { Provided: { n: i } } });

    for (let i = 0; i < PROCESSES; i++) workers.push(startWorker(prefix));
    const victim = workers[0]!;
    // Kill the victim once it holds work: a Started of one of its sessions with no outcome yet.
    while (true) {
      const held = await engine.activeWork();
      if (
        victim.sessionIds.length === SESSIONS &&
        held.some((work) => victim.sessionIds.includes(work.sessionId))
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    victim.child.kill('SIGKILL');
    const codes = await Promise.all(workers.slice(1).map((worker) => worker.exited));
    expect(codes).toEqual([0, 0, 0]);

    const history = await engine.history();
    expect(checkExclusivity(history)).toEqual({ ok: true, problems: [] });
    const started = history.filter((event) => event.event === 'Started').length;
    const outcomes = history.length - started;
    expect(outcomes).toBe(started);
    const expired = history.filter((event) => event.event === 'Expired');
    expect(expired.length).toBeGreaterThan(0);
    expect(expired.every((event) => victim.sessionIds.includes(event.sessionId))).toBe(true);
    expect(await engine.machines({ where: { lacks: 'Done' }, limit: 1 })).toEqual([]);
    expect(await engine.machines({ where: { has: 'Done' }, limit: MACHINES })).toHaveLength(MACHINES);
    expect(await engine.activeWork()).toEqual([]);
    await engine.close();
  });
});
