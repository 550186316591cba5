import type { FinishWrite } from '@tagout/core';

/**
 * The ARGV of finish-many.lua: `now` (the `now` argument as every script takes it), then for each
 * finish its session, machine, process, token, the names to delete (space-separated), the number
 * of tags to set n, and n name, value pairs (canonical JSON values).
 */
export function finishManyArgs(now: string, finishes: readonly FinishWrite[]): string[] {
  const args = [now];
  for (const finish of finishes) {
    const start = args.push(
      finish.sessionId,
      finish.machineId,
      finish.process,
      String(finish.token),
      finish.deleteTags.join(' '),
      '',
    );
    let count = 0;
    for (const name in finish.setTags) {
      args.push(name, finish.setTags[name]!);
      count++;
    }
    args[start - 1] = String(count);
  }
  return args;
}
