import type { ClaimResult, NothingEligible, Store, StoreFilter } from '@tagout/core';
import { candidateQuery, HIGHEST_ID, liveBlockerSql } from './candidate-query.js';
import type { Connection } from './connection.js';
import { machinesFromRows } from './rows.js';
import { appendEvent, isAlive } from './steps.js';

type ClaimInput = Parameters<Store['claim']>[0];

/** What decided the machine of a claim: its id and the pair's stored interval. */
type Chosen = { machineId: string; lastIntervalMs: number | null };

/**
 * Claims work in one transaction: checks (session, machine, blockers, backoff) in the
 * contract's order, reaps expired work on the pair (Expired), writes the work with the
 * `seq` of its Started event as the token.
 */
export function claim(c: Connection, input: ClaimInput): ClaimResult {
  return c.write((): ClaimResult => {
    const now = input.now ?? Date.now();
    if (!isAlive(c, input.sessionId, now)) return { ok: false, reason: 'session-expired' };
    // The process always blocks itself, whatever the caller listed.
    const blockers = input.blockers.includes(input.process)
      ? input.blockers
      : [...input.blockers, input.process];
    const chosen =
      'machineId' in input.target
        ? checkMachine(c, input.target.machineId, input.process, blockers, now)
        : findCandidate(c, input.target.filter, input.process, blockers, now);
    if (!('machineId' in chosen)) return chosen;
    return { ok: true, work: start(c, chosen, input.sessionId, input.process, now) };
  });
}

function checkMachine(
  c: Connection,
  machineId: string,
  process: string,
  blockers: readonly string[],
  now: number,
): Chosen | Exclude<ClaimResult, { ok: true }> {
  if (c.sql.machineExists.get(machineId) === undefined) return { ok: false, reason: 'not-found' };
  const live = liveBlockerSql('?', blockers, now);
  const held = c.cache
    .get(`${live.sql} LIMIT 1`)
    .pluck()
    .get(machineId, ...live.params) as string | undefined;
  if (held !== undefined) return { ok: false, reason: 'conflict', process: held };
  const backoff = c.sql.pairBackoff.get(machineId, process);
  if (backoff !== undefined && backoff.until > now) {
    return { ok: false, reason: 'backed-off', until: backoff.until, cause: backoff.cause };
  }
  return { machineId, lastIntervalMs: backoff?.last_interval_ms ?? null };
}

/**
 * Finds an eligible machine round-robin: the first after the machine this store claimed
 * last (in machine id order), wrapping around once. Machines just claimed, failed (backed
 * off) or held by others sit behind the cursor, so a claim rarely walks over them, and no
 * eligible machine starves. Finding none, tells when the earliest active backoff of the
 * process ends (`retryInMs`, absent when it has none).
 */
function findCandidate(
  c: Connection,
  filter: StoreFilter,
  process: string,
  blockers: readonly string[],
  now: number,
): Chosen | NothingEligible {
  const ranges = [{ after: c.claimCursor, upTo: HIGHEST_ID }];
  if (c.claimCursor !== '') ranges.push({ after: '', upTo: c.claimCursor });
  for (const range of ranges) {
    const query = candidateQuery(filter, process, blockers, now, range);
    const machineId = c.cache
      .get(query.sql)
      .pluck()
      .get(...query.params) as string | undefined;
    if (machineId !== undefined) {
      c.claimCursor = machineId;
      return { machineId, lastIntervalMs: c.sql.pairLastInterval.get(machineId, process) ?? null };
    }
  }
  const until = c.sql.earliestBackoffEnd.get(process, now);
  return until === null || until === undefined
    ? { ok: false, reason: 'nothing' }
    : { ok: false, reason: 'nothing', retryInMs: until - now };
}

function start(c: Connection, chosen: Chosen, sessionId: string, process: string, now: number) {
  const { machineId } = chosen;
  const expired = c.sql.deletePairWork.get(machineId, process);
  if (expired !== undefined) {
    appendEvent(c, { machineId, process, event: 'Expired' }, now, expired.session_id, expired.token);
  }
  const token = c.sql.insertStarted.get(machineId, process, now, sessionId) as number;
  c.sql.insertWork.run(machineId, process, sessionId, token, now);
  const [machine] = machinesFromRows(c.sql.machineWithTags.all(machineId));
  if (machine === undefined) throw new Error(`machine ${machineId} vanished inside a transaction`);
  return { machine, token, startedAt: now, lastIntervalMs: chosen.lastIntervalMs };
}
