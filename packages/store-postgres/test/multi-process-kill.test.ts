import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { checkExclusivity } from '@tagout/conformance';
import { openEngine } from '@tagout/core';
import pg from 'pg';
import { afterAll, expect, it } from 'vitest';
import { createPostgresStore } from '../src/index.js';
import { describePostgres, freshSchema } from './postgres.js';

const WORKER = fileURLToPath(new URL('./fixtures/kill-worker.ts', import.meta.url));
const MACHINES = 2000;
const PROCESSES = 4;
const SESSIONS = 4;

interface Worker {
  child: ChildProcess;
  sessionIds: string[];
  exited: Promise<number | null>;
}

function startWorker(url: string, schema: string): Worker {
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER, url, schema, String(SESSIONS)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const sessionIds: string[] = [];
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    sessionIds.push(...chunk.split('\n').filter((line) => line.length > 0));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, sessionIds, exited };
}

describePostgres('four processes on one database, one SIGKILLed mid-run', (url) => {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const schema = freshSchema('kill');
  const workers: Worker[] = [];
  afterAll(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
    await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  });

  it('reclaims the killed process work after its deadline, with exclusive history', {
    timeout: 90_000,
  }, async () => {
    const engine = await openEngine({
      store: createPostgresStore({ pool, schema }),
      processes: ['AgentStart'],
    });
    for (let i = 0; i < MACHINES; i += 100) {
      const batch = Array.from({ length: 100 }, (_, j) =>
        engine.createMachine({ tags: { Provided: { n: i + j } } }),
      );
      await Promise.all(batch);
    }
    const seededAt = performance.now();

    for (let i = 0; i < PROCESSES; i++) workers.push(startWorker(url, schema));
    const victim = workers[0]!;
    // Kill the victim once it holds work (waiting on a condition, not on a deadline).
    for (;;) {
      const held = await engine.activeWork();
      if (
        victim.sessionIds.length === SESSIONS &&
        held.some((work) => victim.sessionIds.includes(work.sessionId))
      )
        break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    victim.child.kill('SIGKILL');
    console.log(`kill test: seeded, victim killed after ${Math.round(performance.now() - seededAt)} ms`);
    expect(await Promise.all(workers.slice(1).map((worker) => worker.exited))).toEqual([0, 0, 0]);

    console.log(`kill test: workers done after ${Math.round(performance.now() - seededAt)} ms`);
    const history = await engine.history();
    expect(checkExclusivity(history)).toEqual({ ok: true, problems: [] });
    const started = history.filter((event) => event.event === 'Started');
    const outcomes = history.filter((event) => event.event !== 'Started');
    expect(new Set(outcomes.map((event) => event.token))).toEqual(
      new Set(started.map((event) => event.token)),
    );
    expect(outcomes).toHaveLength(started.length);
    const expired = history.filter((event) => event.event === 'Expired');
    expect(expired.length).toBeGreaterThan(0);
    expect(expired.every((event) => victim.sessionIds.includes(event.sessionId))).toBe(true);
    expect(await engine.machines({ where: { lacks: 'Done' }, limit: 1 })).toEqual([]);
    expect(await engine.machines({ where: { has: 'Done' }, limit: MACHINES })).toHaveLength(MACHINES);
    expect(await engine.activeWork()).toEqual([]);
    await engine.close();
  });
});
