import type { SessionInfo } from '@tagout/core';
import { expect } from 'vitest';
import type { ReferenceModel } from '../model/reference-model.js';

/**
 * Asserts that `listed` (what `engine.sessions({ aliveOnly, limit })` gave) is what the model
 * allows. Stores may delete retired sessions at any time, so the listing is the model's
 * sessions in (createdAt, id) order, cut at `limit`, where a retired one may be missing;
 * every listed session equals the model's view of it, `alive` and live work count included.
 */
export function expectSessionListing(
  what: string,
  listed: readonly SessionInfo[],
  model: ReferenceModel,
  query: { aliveOnly: boolean; limit: number },
): void {
  const expected = model.sessions().filter((session) => !query.aliveOnly || session.alive);
  expect(listed.length, `${what}: at most limit`).toBeLessThanOrEqual(query.limit);
  let next = 0;
  for (const { retired, ...session } of expected) {
    if (next === listed.length && listed.length === query.limit) break;
    if (listed[next]?.id === session.id) {
      expect(listed[next], `${what}: session ${session.id}`).toStrictEqual(session);
      next++;
    } else {
      expect(retired, `${what}: ${session.id} is missing, but not retired`).toBe(true);
    }
  }
  expect(
    listed.slice(next).map((session) => session.id),
    `${what}: listed out of order or unknown`,
  ).toEqual([]);
}
