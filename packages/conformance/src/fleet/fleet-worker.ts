import type { Engine, Filter, Session, Work } from '@tagout/core';

/** The process fleet scenarios run. Engines of a scenario are opened with `processes: [FLEET_PROCESS]`. */
export const FLEET_PROCESS = 'AgentStart';

/** What fleet workers claim: provided machines that are not done yet. */
export const FLEET_WHERE: Filter = { and: [{ has: 'Provided' }, { lacks: 'Done' }] };

/** Options of {@link runFleetWorker}. */
export interface FleetWorkerOptions {
  /** Sessions to run in this process. Default 4. */
  sessions?: number;
  /** Session interval: how soon a killed process's work is reclaimable. Default 2 s. */
  intervalMs?: number;
  /** Work items each session claims at once (one batched claim, `session.workMany`). Default 4. */
  batch?: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The body of a fleet worker process (multi-process tests): starts `sessions` heartbeated
 * sessions, prints their ids to stdout (one per line, as soon as they exist, so the test
 * knows whom it kills), then each session claims {@link FLEET_PROCESS} on {@link FLEET_WHERE}
 * in batches of up to `batch` (`session.workMany`) and ends each work at random, all at once —
 * finish with the Done tag 70 % (in one `session.finishMany`), fail 15 % (1 s backoff), cancel
 * 15 % — until no machine lacks Done. Uses the real clock.
 */
export async function runFleetWorker(engine: Engine, options: FleetWorkerOptions = {}): Promise<void> {
  const sessions = await Promise.all(
    Array.from({ length: options.sessions ?? 4 }, () =>
      engine.startSession({
        component: `fleet-worker-${process.pid}`,
        intervalMs: options.intervalMs ?? 2000,
      }),
    ),
  );
  for (const session of sessions) process.stdout.write(`${session.id}\n`);
  const batch = options.batch ?? 4;
  await Promise.all(sessions.map((session) => workUntilDone(engine, session, batch)));
}

async function workUntilDone(engine: Engine, session: Session, batch: number): Promise<void> {
  for (;;) {
    const works = await session.workMany(FLEET_PROCESS, { where: FLEET_WHERE, limit: batch });
    if (works.length === 0) {
      if ((await engine.machines({ where: { lacks: 'Done' }, limit: 1 })).length === 0) return;
      await pause(50);
      continue;
    }
    await endAtRandom(session, works);
  }
}

/**
 * Ends the work items a few ms after their claim: finish 70 % (those together, in one batched
 * finish, `session.finishMany`), fail 15 %, cancel 15 %. Rejects with the first finish's error,
 * as awaiting each finish would.
 */
async function endAtRandom(session: Session, works: readonly Work[]): Promise<void> {
  await pause(Math.random() * 4);
  const rolls = works.map(() => Math.random());
  const finishing = works.filter((_, i) => rolls[i]! < 0.7);
  const [outcomes] = await Promise.all([
    session.finishMany(finishing.map((work) => ({ work, commit: { setTags: { Done: true } } }))),
    ...works.map((work, i) => {
      if (rolls[i]! < 0.7) return undefined;
      return rolls[i]! < 0.85 ? work.fail('flaky', { initialMs: 1000 }) : work.cancel();
    }),
  ]);
  const refused = outcomes.find((outcome) => !outcome.ok);
  if (refused !== undefined && !refused.ok) throw refused.error;
}
