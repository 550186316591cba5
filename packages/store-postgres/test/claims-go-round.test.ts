import { expect, it } from 'vitest';
import { ClaimCursors, lastInWalk, uuidAfter } from '../src/claim-cursor.js';
import { createTestSession, describePostgres } from './helpers/postgres.js';
import { storeOnFreshSchema } from './helpers/store-on-fresh-schema.js';

const MACHINES = 16;

/**
 * A batch of machines that lie next to each other in the round of `ids` (id order, wrapping), in
 * the round's order: from the one whose predecessor is not in the batch. Token order can differ,
 * since a batch that wraps past the last id writes its works in id order.
 */
function inRoundOrder(batch: readonly string[], ids: readonly string[]): string[] {
  const sorted = [...ids].sort();
  const previous = (id: string) => sorted[(sorted.indexOf(id) + sorted.length - 1) % sorted.length];
  const first = batch.find((id) => !batch.includes(previous(id) ?? '')) ?? '';
  return roundFrom(first, ids).slice(0, batch.length);
}

/** `ids` sorted, rotated to begin at `first`: one round from `first` in id order. */
function roundFrom(first: string, ids: readonly string[]): string[] {
  const sorted = [...ids].sort();
  const at = sorted.indexOf(first);
  return [...sorted.slice(at), ...sorted.slice(0, at)];
}

describePostgres('claims by filter go round the machines from where the last one stopped', (url) => {
  const { store } = storeOnFreshSchema(url, 'cursor');
  /** A session and `MACHINES` machines with tag T of a fresh process, none claimed. */
  async function fleet(process: string) {
    const sessionId = await createTestSession(store, { intervalMs: 3_600_000, now: Date.now() });
    const tag = `T${process}`;
    const filter = { kind: 'has', tag } as const;
    const ids = Array.from({ length: MACHINES }, () => crypto.randomUUID());
    for (const id of ids) await store.createMachine({ id, tags: { [tag]: 'true' } });
    const claimOne = async () => {
      const r = await store.claim({
        sessionId,
        process,
        blockers: [process],
        target: { filter },
      });
      if (!r.ok) throw new Error(r.reason);
      return r.work;
    };
    const claimSome = async (limit: number) => {
      const r = await store.claimMany!({
        sessionId,
        process,
        blockers: [process],
        filter,
        limit,
      });
      if (!r.ok) throw new Error(r.reason);
      return r.works;
    };
    return { sessionId, ids, claimOne, claimSome };
  }

  /** Finishes `work` with no tag written: its machine is eligible again at once. */
  async function finishUnchanged(
    sessionId: string,
    process: string,
    work: { machine: { id: string }; token: number },
  ) {
    const finished = await store.finish({
      sessionId,
      machineId: work.machine.id,
      process,
      token: work.token,
      setTags: {},
      deleteTags: [],
    });
    expect(finished).toEqual({ ok: true });
  }

  it('single claims that hold their machines take them in id order from the first one taken', async () => {
    const { ids, claimOne } = await fleet('Hold');
    const taken: string[] = [];
    for (let i = 0; i < MACHINES; i++) taken.push((await claimOne()).machine.id);
    expect(taken).toEqual(roundFrom(taken[0] ?? '', ids));
  });

  it('a machine finished and eligible again waits for the others: each is taken once per round', async () => {
    const { sessionId, ids, claimOne } = await fleet('Again');
    const taken: string[] = [];
    for (let i = 0; i < 2 * MACHINES; i++) {
      const work = await claimOne();
      taken.push(work.machine.id);
      await finishUnchanged(sessionId, 'Again', work);
    }
    const round = roundFrom(taken[0] ?? '', ids);
    expect(taken).toEqual([...round, ...round]);
  });

  it('batched claims continue the round where the previous batch stopped, wrapping past the last id', async () => {
    const { sessionId, ids, claimSome } = await fleet('Batch');
    const taken: string[] = [];
    for (const limit of [5, 4, 4, 3]) {
      const works = await claimSome(limit);
      expect(works).toHaveLength(limit);
      const batch = works.map((work) => work.machine.id);
      const run = inRoundOrder(batch, ids);
      expect([...batch].sort()).toEqual([...run].sort());
      taken.push(...run);
      // Eligible again: only the cursor keeps the next batch from taking them.
      for (const work of works) await finishUnchanged(sessionId, 'Batch', work);
    }
    expect(taken).toEqual(roundFrom(taken[0] ?? '', ids));
  });
});

it('the uuid after another is one more as a 128-bit number, the last one wrapping to the first', () => {
  expect(uuidAfter('0f3c2a10-1111-4222-8333-44445555ffff')).toBe('0f3c2a10-1111-4222-8333-444455560000');
  expect(uuidAfter('00000000-0000-0000-ffff-ffffffffffff')).toBe('00000000-0000-0001-0000-000000000000');
  expect(uuidAfter('ffffffff-ffff-ffff-ffff-ffffffffffff')).toBe('00000000-0000-0000-0000-000000000000');
});

it('the last machine of a walk is the highest id it wrapped to, else the highest after the start', () => {
  const start = '80000000-0000-0000-0000-000000000000';
  const a = '90000000-0000-0000-0000-000000000000';
  const b = 'a0000000-0000-0000-0000-000000000000';
  const c = '10000000-0000-0000-0000-000000000000';
  const d = '20000000-0000-0000-0000-000000000000';
  expect(lastInWalk(start, [b, a])).toBe(b);
  expect(lastInWalk(start, [a, d, b, c])).toBe(d);
  expect(lastInWalk(start, [start])).toBe(start);
  expect(lastInWalk(start, [])).toBeUndefined();
});

it('claims in flight at once lease different hands; a claim alone always gets the first', () => {
  const cursors = new ClaimCursors(10);
  const x = '10000000-0000-0000-0000-000000000000';
  const y = '20000000-0000-0000-0000-000000000000';
  const first = cursors.lease('P\nfilter');
  first.tookLast(x);
  // While the first claim is in flight, a second walks from a hand of its own (a random id).
  const second = cursors.lease('P\nfilter');
  expect(second.start(1)).not.toBe(uuidAfter(x));
  second.tookLast(y);
  second.release();
  first.release();
  // Alone, a claim gets the first hand, where it stopped; the second hand kept its place.
  const alone = cursors.lease('P\nfilter');
  expect(alone.start(1)).toBe(uuidAfter(x));
  expect(cursors.lease('P\nfilter').start(1)).toBe(uuidAfter(y));
  // A run again after two races starts at a random id; one that found nothing forgets the place.
  expect(alone.start(3)).not.toBe(uuidAfter(x));
  alone.foundNothing();
  expect(alone.start(1)).not.toBe(uuidAfter(x));
});
