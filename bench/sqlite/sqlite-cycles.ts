import { randomUUID } from 'node:crypto';
import { openEngine, type Store } from '@tagout/core';
import { createSqliteStore } from '@tagout/store-sqlite';
import { openPlainSqlite } from './sqlite-driver.js';
import { BENCH_PROCESS, BENCH_TAG } from './sqlite-setup.js';

/** How a cycle ends its work. */
export type CycleEnd = 'finish' | 'fail';

/** What runs the cycles: the floor (plain statements), the store contract, or the engine. */
export type Subject = 'floor' | 'store' | 'engine';

/** One claim + end cycle, and how to release what it opened. */
export interface Cycle {
  step: () => Promise<void>;
  close: () => Promise<void>;
}

/** Options shared by every cycle factory. */
export interface CycleOptions {
  path: string;
  end: CycleEnd;
  /** This worker's index among `workers`: the floor works on its own slice of machines. */
  worker: number;
  workers: number;
}

const CAUSE = 'bench failure';
/** The shortest backoff there is: a failed machine is claimable again after 1 s. */
const BACKOFF_MS = 1_000;
const SESSION_INTERVAL_MS = 600_000;

/** Builds the cycle of `subject`. */
export function makeCycle(subject: Subject, options: CycleOptions): Promise<Cycle> {
  if (subject === 'floor') return Promise.resolve(floorCycle(options));
  if (subject === 'store') return storeCycle(options);
  return engineCycle(options);
}

/**
 * The floor: the rows a claim and its end write, by the fewest plain statements, one
 * `BEGIN IMMEDIATE` transaction per step, on machines picked from a list (no search, no
 * checks). Claim: insert Started + insert work. Finish: delete work + delete backoff +
 * insert Finished. Fail: delete work + upsert backoff + insert Failed.
 */
function floorCycle(options: CycleOptions): Cycle {
  const db = openPlainSqlite(options.path);
  const sessionId = randomUUID();
  const all = (db.prepare('SELECT id FROM machines ORDER BY id').all() as { id: string }[]).map((r) => r.id);
  const ids = all.filter((_, i) => i % options.workers === options.worker);
  const event = db.prepare(
    'INSERT INTO history (machine_id, process, event, at, session_id, token, cause) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertWork = db.prepare(
    'INSERT INTO work (machine_id, process, session_id, token, started_at) VALUES (?, ?, ?, ?, ?)',
  );
  const deleteWork = db.prepare('DELETE FROM work WHERE machine_id = ? AND process = ?');
  const deleteBackoff = db.prepare('DELETE FROM backoffs WHERE machine_id = ? AND process = ?');
  const upsertBackoff = db.prepare(
    `INSERT INTO backoffs (machine_id, process, until, cause, last_interval_ms) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (machine_id, process) DO UPDATE SET
       until = excluded.until, cause = excluded.cause, last_interval_ms = excluded.last_interval_ms`,
  );
  const claim = db.transaction((id: string, now: number): number => {
    const token = Number(event.run(id, BENCH_PROCESS, 'Started', now, sessionId, null, null).lastInsertRowid);
    insertWork.run(id, BENCH_PROCESS, sessionId, token, now);
    return token;
  }).immediate;
  const finish = db.transaction((id: string, token: number, now: number) => {
    deleteWork.run(id, BENCH_PROCESS);
    deleteBackoff.run(id, BENCH_PROCESS);
    event.run(id, BENCH_PROCESS, 'Finished', now, sessionId, token, null);
  }).immediate;
  const fail = db.transaction((id: string, token: number, now: number) => {
    deleteWork.run(id, BENCH_PROCESS);
    upsertBackoff.run(id, BENCH_PROCESS, now + BACKOFF_MS, CAUSE, BACKOFF_MS);
    event.run(id, BENCH_PROCESS, 'Failed', now, sessionId, token, CAUSE);
  }).immediate;
  const end = options.end === 'finish' ? finish : fail;
  let next = 0;
  return {
    step: async () => {
      const id = ids[next++ % ids.length] as string;
      const token = claim(id, Date.now());
      end(id, token, Date.now());
    },
    close: async () => {
      db.close();
    },
  };
}

/** The store contract, called directly: claim by filter, then finish or fail. */
async function storeCycle(options: CycleOptions): Promise<Cycle> {
  const store: Store = createSqliteStore({ path: options.path });
  await store.open();
  const session = { id: randomUUID() };
  await store.createSession({
    ...session,
    component: 'bench',
    runtimeInfo: `pid ${process.pid}`,
    intervalMs: SESSION_INTERVAL_MS,
    retentionMs: 0,
  });
  const target = { filter: { kind: 'has', tag: BENCH_TAG } } as const;
  return {
    step: async () => {
      const claimed = await store.claim({
        sessionId: session.id,
        process: BENCH_PROCESS,
        blockers: [BENCH_PROCESS],
        target,
      });
      if (!claimed.ok) throw new Error(`claim: ${claimed.reason} (the bench ran dry?)`);
      const ref = {
        sessionId: session.id,
        machineId: claimed.work.machine.id,
        process: BENCH_PROCESS,
        token: claimed.work.token,
      };
      const ended =
        options.end === 'finish'
          ? await store.finish({ ...ref, setTags: {}, deleteTags: [] })
          : await store.fail({ ...ref, cause: CAUSE, intervalMs: BACKOFF_MS, delayMs: BACKOFF_MS });
      if (!ended.ok) throw new Error(`${options.end}: ${ended.reason}`);
    },
    close: async () => {
      await store.closeSession({ sessionId: session.id });
      await store.close();
    },
  };
}

/** The public API: session.work by filter, then work.finish() or work.fail(). */
async function engineCycle(options: CycleOptions): Promise<Cycle> {
  const engine = await openEngine({
    store: createSqliteStore({ path: options.path }),
    processes: [BENCH_PROCESS],
  });
  const session = await engine.startSession({ component: 'bench', intervalMs: SESSION_INTERVAL_MS });
  const where = { has: BENCH_TAG };
  const policy = { initialMs: BACKOFF_MS };
  return {
    step: async () => {
      const work = await session.work(BENCH_PROCESS, { where });
      if (work === null) throw new Error('claim: nothing (the bench ran dry?)');
      if (options.end === 'finish') await work.finish();
      else await work.fail(CAUSE, policy);
    },
    close: () => engine.close(),
  };
}
