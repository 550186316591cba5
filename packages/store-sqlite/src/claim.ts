import type {
  ClaimedWork,
  ClaimManyResult,
  ClaimResult,
  NothingEligible,
  StoreClaimInput,
  StoreClaimManyInput,
  StoreFilter,
} from '@tagout/core';
import type { Connection } from './connection.js';
import { candidateQuery, HIGHEST_ID, liveBlockerSql } from './filters/candidate-query.js';
import { machinesFromRows } from './rows.js';
import { appendEvent, isAlive } from './steps.js';

/** What decided the machine of a claim: its id and the pair's stored interval. */
type Chosen = { machineId: string; lastIntervalMs: number | null };

/**
 * Claims work in one transaction: checks (session, machine, blockers, backoff) in the
 * contract's order, reaps expired work on the pair (Expired), writes the work with the
 * `seq` of its Started event as the token.
 */
export function claim(c: Connection, input: StoreClaimInput): ClaimResult {
  return c.write((): ClaimResult => {
    const now = input.now ?? Date.now();
    if (!isAlive(c, input.sessionId, now)) return { ok: false, reason: 'session-expired' };
    const blockers = withItself(input.process, input.blockers);
    if ('machineId' in input.target) {
      const chosen = checkMachine(c, input.target.machineId, input.process, blockers, now);
      if (!('machineId' in chosen)) return chosen;
      return { ok: true, work: start(c, chosen, input.sessionId, input.process, now) };
    }
    const [chosen] = findCandidates(c, input.target.filter, input.process, blockers, now, 1);
    if (chosen === undefined) return { ok: false, reason: 'nothing', ...retryIn(c, input.process, now) };
    return { ok: true, work: start(c, chosen, input.sessionId, input.process, now) };
  });
}

/**
 * Claims up to `limit` machines by filter in one transaction: the candidates of one query per
 * id range (see {@link findCandidates}), then each claim written as `claim` writes it, in the
 * order found, so tokens increase along the returned works. Claiming one machine changes no
 * other's eligibility, so the candidates found first are exactly what successive claims would
 * take. One transaction of at most `LIMITS.claimBatch` claims: the event loop waits for that
 * one batch, no longer.
 */
export function claimMany(c: Connection, input: StoreClaimManyInput): ClaimManyResult {
  return c.write((): ClaimManyResult => {
    const now = input.now ?? Date.now();
    if (!isAlive(c, input.sessionId, now)) return { ok: false, reason: 'session-expired' };
    const blockers = withItself(input.process, input.blockers);
    const chosen = findCandidates(c, input.filter, input.process, blockers, now, input.limit);
    const works: ClaimedWork[] = [];
    for (const one of chosen) works.push(start(c, one, input.sessionId, input.process, now));
    return works.length > 0 ? { ok: true, works } : { ok: true, works, ...retryIn(c, input.process, now) };
  });
}

/** The blockers of a claim: the process always blocks itself, whatever the caller listed. */
function withItself(process: string, blockers: readonly string[]): readonly string[] {
  return blockers.includes(process) ? blockers : [...blockers, process];
}

function checkMachine(
  c: Connection,
  machineId: string,
  process: string,
  blockers: readonly string[],
  now: number,
): Chosen | Exclude<ClaimResult, { ok: true }> {
  if (c.sql.machineExists.get(machineId) === undefined) return { ok: false, reason: 'not-found' };
  // The conflict names the process itself when it holds the machine, else the first blocker by
  // name (see Store.claim): names are ASCII, so SQLite's BINARY order is core's code-unit order.
  const live = liveBlockerSql('?', blockers, now);
  const held = c.cache
    .get(`${live.sql} ORDER BY w.process <> ?, w.process LIMIT 1`)
    .pluck()
    .get(machineId, ...live.params, process) as string | undefined;
  if (held !== undefined) return { ok: false, reason: 'conflict', process: held };
  const backoff = c.sql.pairBackoff.get(machineId, process);
  if (backoff !== undefined && backoff.until > now) {
    return { ok: false, reason: 'backed-off', until: backoff.until, cause: backoff.cause };
  }
  return { machineId, lastIntervalMs: backoff?.last_interval_ms ?? null };
}

/**
 * Finds up to `limit` eligible machines round-robin: the first ones after the machine this store
 * claimed last (in machine id order), wrapping around once. Machines just claimed, failed (backed
 * off) or held by others sit behind the cursor, so a claim rarely walks over them, and no
 * eligible machine starves. The cursor moves to the last one found.
 */
function findCandidates(
  c: Connection,
  filter: StoreFilter,
  process: string,
  blockers: readonly string[],
  now: number,
  limit: number,
): Chosen[] {
  const ranges = [{ after: c.claimCursor, upTo: HIGHEST_ID }];
  if (c.claimCursor !== '') ranges.push({ after: '', upTo: c.claimCursor });
  const chosen: Chosen[] = [];
  for (const range of ranges) {
    if (chosen.length === limit) break;
    const query = candidateQuery(filter, process, blockers, now, range, limit - chosen.length);
    const ids = c.cache
      .get(query.sql)
      .pluck()
      .all(...query.params) as string[];
    for (const machineId of ids) {
      chosen.push({ machineId, lastIntervalMs: c.sql.pairLastInterval.get(machineId, process) ?? null });
      c.claimCursor = machineId;
    }
  }
  return chosen;
}

/**
 * When the earliest active backoff of the process ends, from now (`retryInMs` of a claim that
 * found nothing), or nothing when the process has no active backoff.
 */
function retryIn(c: Connection, process: string, now: number): Pick<NothingEligible, 'retryInMs'> {
  const until = c.sql.earliestBackoffEnd.get(process, now);
  return until === null || until === undefined ? {} : { retryInMs: until - now };
}

function start(c: Connection, chosen: Chosen, sessionId: string, process: string, now: number): ClaimedWork {
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
