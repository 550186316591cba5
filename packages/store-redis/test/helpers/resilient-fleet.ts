import { FLEET_PROCESS, FLEET_WHERE } from '@tagout/conformance';
import {
  type Engine,
  type Session,
  SessionExpiredError,
  StoreError,
  type Work,
  WorkLostError,
} from '@tagout/core';

/** What the workers of one engine saw; tokens are those the store acknowledged. */
export interface FleetTally {
  /** Acknowledged claims. */
  claimed: { token: number; machineId: string; sessionId: string }[];
  /** Tokens of acknowledged finishes. */
  finished: number[];
  failed: number;
  canceled: number;
  /** Store calls that failed (outcome unknown) and were retried. */
  storeErrors: number;
  /** Finish/fail refused as lost (session expired meanwhile, or a retry of an end that went through). */
  lost: number;
  sessionsStarted: number;
  /** Store errors in a row so far (reset by any answer). */
  streak: number;
}

/** Options of {@link runResilientFleet}. */
export interface ResilientFleetOptions {
  /** Concurrent sessions, each claiming one machine at a time. */
  sessions: number;
  /** Session interval (ms). */
  intervalMs: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Store errors in a row (about 15 s of retries) after which the store is taken to be gone for good. */
const GIVE_UP_AFTER = 300;

/** Counts a store error; rethrows it once the store has failed {@link GIVE_UP_AFTER} times in a row. */
async function storeFailed(tally: FleetTally, error: StoreError): Promise<void> {
  tally.storeErrors++;
  if (++tally.streak >= GIVE_UP_AFTER) throw error;
  await pause(50);
}

/**
 * Works {@link FLEET_PROCESS} on {@link FLEET_WHERE} until no machine lacks Done, like the
 * conformance fleet worker (finish with Done 70 %, fail 15 %, cancel 15 %), but survives store
 * outages the way a careful user would: a failed call's outcome is unknown, so
 * - a failed finish, fail or cancel is retried (a lost reply then reads as WorkLostError);
 * - a failed claim may have claimed a machine for the session, so the session is dropped
 *   (closed, which releases such work; if that fails too, it expires and its work with it);
 * - an expired session is replaced.
 * Retries pause 50 ms; after about 15 s of failures in a row the last StoreError is thrown.
 * Uses the store's clock.
 */
export async function runResilientFleet(engine: Engine, options: ResilientFleetOptions): Promise<FleetTally> {
  const tally: FleetTally = {
    claimed: [],
    finished: [],
    failed: 0,
    canceled: 0,
    storeErrors: 0,
    lost: 0,
    sessionsStarted: 0,
    streak: 0,
  };
  await Promise.all(Array.from({ length: options.sessions }, () => workUntilDone(engine, options, tally)));
  return tally;
}

async function workUntilDone(engine: Engine, options: ResilientFleetOptions, tally: FleetTally) {
  let session: Session | undefined;
  for (;;) {
    if (session?.expired) session = undefined;
    try {
      if (session === undefined) {
        session = await engine.startSession({ component: 'failover-fleet', intervalMs: options.intervalMs });
        tally.sessionsStarted++;
      }
      const work = await session.work(FLEET_PROCESS, { where: FLEET_WHERE });
      tally.streak = 0;
      if (work !== null) {
        tally.claimed.push({ token: work.token, machineId: work.machine.id, sessionId: session.id });
        await pause(Math.random() * 4);
        await endWork(work, tally);
      } else if ((await engine.machines({ where: { lacks: 'Done' }, limit: 1 })).length === 0) {
        await session.close().catch(() => {});
        return;
      } else {
        await pause(20);
      }
    } catch (error) {
      if (error instanceof SessionExpiredError) continue;
      if (!(error instanceof StoreError)) throw error;
      await session?.close().catch(() => {});
      session = undefined;
      await storeFailed(tally, error);
    }
  }
}

/** Ends `work` at random, retrying store failures until the store answers. */
async function endWork(work: Work, tally: FleetTally): Promise<void> {
  const roll = Math.random();
  for (;;) {
    try {
      if (roll < 0.7) {
        await work.finish({ setTags: { Done: true } });
        tally.finished.push(work.token);
      } else if (roll < 0.85) {
        await work.fail('flaky', { initialMs: 1000 });
        tally.failed++;
      } else {
        await work.cancel(); // never rejects: a store failure leaves the work not done
        if (!work.done) throw new StoreError('cancel', 'the store did not answer');
        tally.canceled++;
      }
      tally.streak = 0;
      return;
    } catch (error) {
      if (error instanceof WorkLostError) {
        tally.lost++;
        return;
      }
      if (!(error instanceof StoreError)) throw error;
      await storeFailed(tally, error);
    }
  }
}
