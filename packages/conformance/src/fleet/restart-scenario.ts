import type { Engine, HistoryEvent, WorkInfo } from '@tagout/core';
import { expect, onTestFinished } from 'vitest';
import { checkExclusivity } from '../check-exclusivity.js';
import { checkLiveState } from '../check-live-state.js';
import { readAllHistory } from '../read-all-history.js';
import { FLEET_WHERE } from './fleet-worker.js';
import { startWorkerProcess, type WorkerProcess, type WorkerScript } from './worker-process.js';

/** A fault the scenario inflicts on the store's server mid-run (it returns once the server is back). */
export interface StoreFault {
  /** Shown in the summary line, e.g. `pg_ctl restart -m fast`. */
  name: string;
  run(): Promise<void>;
}

/**
 * What a worker process of the scenario prints: `ready` once its worker runs, and on SIGTERM,
 * after stopping its worker and closing its engine, one line `summary <json of this type>`.
 */
export interface FleetWorkerSummary {
  claimed: number;
  finished: number;
  failed: number;
  lost: number;
  /** Store operations that failed, by operation: each an outcome the process did not learn. */
  storeErrors: Record<string, number>;
  sessionsStarted: number;
  /** Tokens of every finish the store acknowledged to this process. */
  finishedTokens: number[];
}

/** Options of {@link runRestartScenario}. */
export interface RestartScenarioOptions {
  /** An engine over the store under test (opened with `processes: [FLEET_PROCESS]`), empty namespace. */
  engine: Engine;
  /** The worker script: drains {@link FLEET_WHERE} and speaks the {@link FleetWorkerSummary} protocol. */
  worker: WorkerScript;
  /** Faults inflicted one after another, spread over the run. */
  faults: readonly StoreFault[];
  /** Default 400. */
  machines?: number;
  /** Worker processes. Default 3. */
  processes?: number;
  /**
   * The run counts as stalled when no history event was appended for this long while machines
   * remain (longer than a backoff plus a session interval of the workers). Default 20 s.
   */
  stallMs?: number;
}

/** What {@link runRestartScenario} saw. */
export interface RestartScenarioReport {
  faults: string[];
  claims: number;
  finished: number;
  failed: number;
  lost: number;
  sessionsStarted: number;
  /** Store operations whose outcome a worker did not learn, by operation. */
  unknownOutcomes: Record<string, number>;
  /** From the first worker's start to the fleet drained, in seconds. */
  seconds: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The store-restart test every networked store runs: seeds `machines` Provided machines, starts
 * `processes` worker processes, and inflicts each fault once a further share of the fleet is Done;
 * the workers keep running through the faults. Once the fleet is drained (or the run stalls) it
 * asserts, with the workers still running: no pair had two live holders (checkExclusivity), every
 * Started has at most one outcome, history agrees with live work (checkLiveState), no machine is
 * left undone. Then it stops the workers (SIGTERM) and asserts every finish a worker saw
 * acknowledged is in the history and nothing is live. Children are killed when the test ends.
 */
export async function runRestartScenario(options: RestartScenarioOptions): Promise<RestartScenarioReport> {
  const { engine, faults } = options;
  const machines = options.machines ?? 400;
  for (let i = 0; i < machines; i += 100) {
    await Promise.all(
      Array.from({ length: Math.min(100, machines - i) }, (_, j) =>
        engine.createMachine({ tags: { Provided: { n: i + j } } }),
      ),
    );
  }
  const workers = Array.from({ length: options.processes ?? 3 }, () => startWorkerProcess(options.worker));
  onTestFinished(async () => {
    for (const worker of workers) worker.child.kill('SIGKILL');
    await Promise.all(workers.map((worker) => worker.exited));
  });
  const startedAt = performance.now();
  await until(async () => workers.every((worker) => worker.lines.includes('ready')));

  for (const [index, fault] of faults.entries()) {
    const share = Math.ceil((machines * (index + 1)) / (faults.length + 2));
    await until(async () => (await doneCount(engine)) >= share);
    await fault.run();
  }
  await drainedOrStalled(engine, machines, options.stallMs ?? 20_000);
  const seconds = Math.round((performance.now() - startedAt) / 100) / 10;

  // Read history before live work (see checkLiveState), with the workers still running. Whole
  // histories: a run of 400 machines appends more events than one page holds.
  const history = await readAllHistory(engine);
  const live = await engine.activeWork();
  const stranded = await engine.machines({ where: FLEET_WHERE, limit: 10 });
  const during = {
    exclusivity: checkExclusivity(history).problems,
    liveState: checkLiveState(history, live),
  };

  for (const worker of workers) worker.child.kill('SIGTERM');
  expect(await Promise.all(workers.map((worker) => worker.exited))).toEqual(workers.map(() => 0));
  const summaries = workers.map(summaryOf);
  const final = await readAllHistory(engine);
  expect({
    ...during,
    // A stranded machine's story: what a reader saw while the workers ran, and after they stopped.
    stranded: stranded.map((machine) => describeStranded(machine.id, history, live, final)),
  }).toEqual({ exclusivity: [], liveState: [], stranded: [] });
  const finished = new Set(final.filter((event) => event.event === 'Finished').map((event) => event.token));
  const unacknowledged = summaries
    .flatMap((summary) => summary.finishedTokens)
    .filter((t) => !finished.has(t));
  expect(unacknowledged).toEqual([]);
  expect(checkExclusivity(final).problems).toEqual([]);
  expect(checkLiveState(final, [])).toEqual([]);
  expect(final.filter((event) => event.event === 'Started')).toHaveLength(
    final.filter((event) => event.event !== 'Started').length,
  );
  expect(await engine.activeWork()).toEqual([]);
  expect(await doneCount(engine)).toBe(machines);
  return { ...report(faults, summaries), seconds };
}

/** Polls until `check` holds, every 50 ms, ignoring store failures (the server may be down). */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check().catch(() => false))) await pause(50);
}

async function doneCount(engine: Engine): Promise<number> {
  return (await engine.stats()).tags.Done ?? 0;
}

/** Waits until every machine is Done, or no history event was appended for `stallMs`. */
async function drainedOrStalled(engine: Engine, machines: number, stallMs: number): Promise<void> {
  let last = '';
  let since = performance.now();
  for (;;) {
    try {
      if ((await doneCount(engine)) === machines) return;
      const [event] = await engine.history({ limit: 1 });
      const key = JSON.stringify(event);
      if (key !== last) {
        last = key;
        since = performance.now();
      } else if (performance.now() - since > stallMs) {
        return;
      }
    } catch {
      // The server may still be recovering: ask again.
    }
    await pause(200);
  }
}

/** A stranded machine: its last events and live work while the workers ran, and its last events after. */
function describeStranded(
  machineId: string,
  history: readonly HistoryEvent[],
  live: readonly WorkInfo[],
  final: readonly HistoryEvent[],
): string {
  const tail = (events: readonly HistoryEvent[]) =>
    events
      .filter((event) => event.machineId === machineId)
      .slice(-4)
      .map((event) => `${event.event}@${event.token} (session ${event.sessionId.slice(0, 8)})`)
      .join(' ');
  const rows = live
    .filter((work) => work.machineId === machineId)
    .map((work) => `live work token ${work.token} of session ${work.sessionId.slice(0, 8)}`);
  return `${machineId} while running: history … ${tail(history)}; ${rows.join(', ') || 'no live work'}; after the workers stopped: history … ${tail(final)}`;
}

function summaryOf(worker: WorkerProcess): FleetWorkerSummary {
  const line = worker.lines.find((text) => text.startsWith('summary '));
  if (line === undefined) throw new Error('a worker process exited without its summary line');
  return JSON.parse(line.slice('summary '.length)) as FleetWorkerSummary;
}

function report(
  faults: readonly StoreFault[],
  summaries: readonly FleetWorkerSummary[],
): Omit<RestartScenarioReport, 'seconds'> {
  const sum = (pick: (summary: FleetWorkerSummary) => number) =>
    summaries.reduce((total, summary) => total + pick(summary), 0);
  const unknownOutcomes: Record<string, number> = {};
  for (const summary of summaries) {
    for (const [operation, count] of Object.entries(summary.storeErrors)) {
      unknownOutcomes[operation] = (unknownOutcomes[operation] ?? 0) + count;
    }
  }
  return {
    faults: faults.map((fault) => fault.name),
    claims: sum((s) => s.claimed),
    finished: sum((s) => s.finished),
    failed: sum((s) => s.failed),
    lost: sum((s) => s.lost),
    sessionsStarted: sum((s) => s.sessionsStarted),
    unknownOutcomes,
  };
}
