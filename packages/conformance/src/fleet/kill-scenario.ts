import type { Engine } from '@tagout/core';
import { expect, onTestFinished } from 'vitest';
import { checkExclusivity } from '../check-exclusivity.js';
import { readAllHistory } from '../read-all-history.js';
import { FLEET_WHERE } from './fleet-worker.js';
import { startWorkerProcess, type WorkerProcess, type WorkerScript } from './worker-process.js';

/** Options of {@link runKillScenario}. */
export interface KillScenarioOptions {
  /** An engine over the store under test, opened with `processes: [FLEET_PROCESS]`, on an empty namespace. */
  engine: Engine;
  /** The worker script (it calls `runFleetWorker` on the same store) and its arguments. */
  worker: WorkerScript;
  /** Default 2000. */
  machines?: number;
  /** Worker processes, the first of which is SIGKILLed. Default 4. */
  processes?: number;
  /** Sessions per process; the script must run this many. Default 4. */
  sessions?: number;
}

/**
 * The multi-process kill test every networked store runs: seeds `machines` Provided
 * machines, starts `processes` worker processes (each `node --import tsx <script>`, its
 * sessions claiming in batches, see runFleetWorker), kills
 * the first with SIGKILL once it holds work, and waits for the others to finish the fleet.
 * Then asserts, from the history: no pair ever had two live holders (checkExclusivity),
 * every Started has exactly one outcome, the killed process's work came back through
 * Expired events (and only its sessions expired), every machine is Done, nothing is live.
 * Children are killed when the test ends, whatever happened.
 */
export async function runKillScenario(options: KillScenarioOptions): Promise<void> {
  const { engine } = options;
  const machines = options.machines ?? 2000;
  const sessions = options.sessions ?? 4;
  for (let i = 0; i < machines; i += 100) {
    const batch = Array.from({ length: Math.min(100, machines - i) }, (_, j) =>
      engine.createMachine({ tags: { Provided: { n: i + j } } }),
    );
    await Promise.all(batch);
  }

  const workers = Array.from({ length: options.processes ?? 4 }, () => startWorkerProcess(options.worker));
  onTestFinished(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
  });
  const [victim, ...survivors] = workers as [WorkerProcess, ...WorkerProcess[]];
  // Kill the victim once it holds work: waiting on a condition, not on a deadline.
  for (;;) {
    const held = await engine.activeWork();
    const ready = victim.lines.length === sessions;
    if (ready && held.some((work) => victim.lines.includes(work.sessionId))) break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  victim.child.kill('SIGKILL');
  expect(await Promise.all(survivors.map((worker) => worker.exited))).toEqual(survivors.map(() => 0));

  const history = await readAllHistory(engine);
  expect(checkExclusivity(history)).toEqual({ ok: true, problems: [] });
  const started = history.filter((event) => event.event === 'Started');
  const outcomes = history.filter((event) => event.event !== 'Started');
  expect(outcomes).toHaveLength(started.length);
  expect(new Set(outcomes.map((event) => event.token))).toEqual(new Set(started.map((event) => event.token)));
  const expired = history.filter((event) => event.event === 'Expired');
  expect(expired.length).toBeGreaterThan(0);
  expect(expired.every((event) => victim.lines.includes(event.sessionId))).toBe(true);
  expect(await engine.machines({ where: FLEET_WHERE, limit: 1 })).toEqual([]);
  expect(await engine.machines({ where: { has: 'Done' }, limit: machines })).toHaveLength(machines);
  expect(await engine.activeWork()).toEqual([]);
}
