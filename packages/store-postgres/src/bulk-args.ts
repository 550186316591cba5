import type { TagWrites } from '@tagout/core';

/** The parameter types of `create_machines` and `set_tags_many` (migration 6). */
export const BULK_CASTS = ['uuid[]', 'uuid[]', 'text[]', 'text[]', 'float8'];

/**
 * The arguments of `create_machines` and `set_tags_many`: the machine ids, then their tags as
 * three parallel arrays (machine id, name, canonical JSON), then `now`.
 */
export function bulkArgs(
  machines: readonly (readonly [id: string, tags: TagWrites])[],
  now: number | undefined,
): unknown[] {
  const ids: string[] = [];
  const tagMachines: string[] = [];
  const names: string[] = [];
  const values: string[] = [];
  for (const [id, tags] of machines) {
    ids.push(id);
    for (const name in tags) {
      tagMachines.push(id);
      names.push(name);
      values.push(tags[name]!);
    }
  }
  return [ids, tagMachines, names, values, now ?? null];
}
