import type { TagWrites } from '@tagout/core';

/**
 * The ARGV of a script over many machines (`machines-create`, `tags-write-many`,
 * `machines-seed`): `now` (or '' for the server's clock), then for each machine its id, its
 * number of tags n, and n name, value pairs (canonical JSON values).
 */
export function batchArgs(
  now: number | undefined,
  machines: readonly (readonly [id: string, tags: TagWrites])[],
): string[] {
  const args = [now === undefined ? '' : String(now)];
  for (const [id, tags] of machines) {
    const start = args.push(id, '');
    let count = 0;
    for (const name in tags) {
      args.push(name, tags[name]!);
      count++;
    }
    args[start - 1] = String(count);
  }
  return args;
}
