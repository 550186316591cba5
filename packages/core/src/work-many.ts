import { ValidationError } from './errors.js';
import { compileFilter } from './filter.js';
import { LIMITS } from './limits.js';
import { checkOptions } from './options.js';
import type { ClaimedWork, ClaimManyResult, Store, StoreClaimManyInput, StoreFilter } from './store.js';
import type { TagTypes, UntypedTags } from './tag-types.js';
import type { Filter } from './types.js';

/**
 * Batched claims (`session.workMany`): core checks the options and, for a store without
 * `claimMany`, claims one by one; the session turns the result into work items.
 */

/**
 * Options of `session.workMany`; `Tags` are the engine's tag types (see `Engine`). (The
 * `Session` interface spells the type out, so a typed session stays assignable to an untyped one.)
 */
export interface WorkManyOptions<Tags extends TagTypes = UntypedTags> {
  /** The filter every claimed machine passes, as for `session.work(process, { where })`. */
  where: Filter<Tags>;
  /** The most works to claim: an integer from 1 to `LIMITS.claimBatch`. */
  limit: number;
}

/**
 * The options of `session.workMany`, checked: `where` compiled, `limit` an integer from 1 to
 * {@link LIMITS.claimBatch}.
 * @throws ValidationError for an unknown key, a missing or bad filter, or a bad limit.
 */
export function checkWorkMany(options: unknown): { filter: StoreFilter; limit: number } {
  const checked = checkOptions<WorkManyOptions>('options', options, ['where', 'limit']);
  const { limit } = checked;
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > LIMITS.claimBatch) {
    throw new ValidationError('limit', `must be an integer from 1 to ${LIMITS.claimBatch}`);
  }
  return { filter: compileFilter(checked.where), limit };
}

/**
 * One batched claim: `store.claimMany` when the store has it, else claims by filter one after
 * the other, up to `limit`, stopping at the first that finds nothing. One by one, the session
 * can expire (or be closed) between two claims: what was claimed before is returned (its
 * holder then finds it lost); `session-expired` only when nothing was claimed. Finding nothing at
 * once, passes on the claim's `retryInMs`.
 */
export async function claimMany(store: Store, input: StoreClaimManyInput): Promise<ClaimManyResult> {
  if (store.claimMany !== undefined) return store.claimMany(input);
  const { filter, limit, ...claim } = input;
  const works: ClaimedWork[] = [];
  while (works.length < limit) {
    const result = await store.claim({ ...claim, target: { filter } });
    if (result.ok) {
      works.push(result.work);
    } else if (works.length > 0) {
      break;
    } else if (result.reason === 'nothing' && result.retryInMs !== undefined) {
      return { ok: true, works, retryInMs: result.retryInMs };
    } else if (result.reason === 'session-expired') {
      return result;
    } else {
      break;
    }
  }
  return { ok: true, works };
}
