import type { FinishWrite } from '@tagout/core';

/** The parameter types of `finish_many` (migrations 10, 11). */
export const FINISH_MANY_CASTS = [
  'uuid[]',
  'uuid[]',
  'text[]',
  'int8[]',
  'int4[]',
  'text[]',
  'text[]',
  'int4[]',
  'text[]',
  'float8',
];

/**
 * The arguments of `finish_many`: one element per finish in the arrays of sessions, machines,
 * processes, tokens and tag counts; the tags to set (names, canonical JSON) and the names to
 * delete of every finish one after the other, in finish order; then `now`.
 */
export function finishManyArgs(finishes: readonly FinishWrite[], now: number | undefined): unknown[] {
  const sessions: string[] = [];
  const machines: string[] = [];
  const processes: string[] = [];
  const tokens: number[] = [];
  const setCounts: number[] = [];
  const setNames: string[] = [];
  const setValues: string[] = [];
  const deleteCounts: number[] = [];
  const deleteNames: string[] = [];
  for (const finish of finishes) {
    sessions.push(finish.sessionId);
    machines.push(finish.machineId);
    processes.push(finish.process);
    tokens.push(finish.token);
    let count = 0;
    for (const name in finish.setTags) {
      setNames.push(name);
      setValues.push(finish.setTags[name]!);
      count++;
    }
    setCounts.push(count);
    deleteCounts.push(finish.deleteTags.length);
    deleteNames.push(...finish.deleteTags);
  }
  return [
    sessions,
    machines,
    processes,
    tokens,
    setCounts,
    setNames,
    setValues,
    deleteCounts,
    deleteNames,
    now ?? null,
  ];
}
