import { checkOptions, ValidationError } from '@tagout/core';

/**
 * What a store cannot do, where the suite would otherwise test it: the `limits` option of
 * `describeStoreConformance`. Everything absent means "no such limit".
 */
export interface StoreLimits {
  /**
   * The store keeps only text core accepts: no U+0000 and no unpaired surrogate (Postgres text
   * and jsonb refuse both). Core never sends other text; without this limit the
   * `filter-agreement` group also writes such text (in tag values and object keys) to the store
   * directly, and checks that its filters still agree with `matchesFilter`.
   */
  onlyStorableText?: boolean;
}

/**
 * Checks the `limits` option and returns it with every limit spelled out.
 * @throws ValidationError for an unknown key or a value that is not a boolean.
 */
export function checkLimits(limits: unknown): Required<StoreLimits> {
  if (limits === undefined) return { onlyStorableText: false };
  const { onlyStorableText = false } = checkOptions<StoreLimits>('limits', limits, ['onlyStorableText']);
  if (typeof onlyStorableText !== 'boolean')
    throw new ValidationError('limits.onlyStorableText', 'must be a boolean');
  return { onlyStorableText };
}
