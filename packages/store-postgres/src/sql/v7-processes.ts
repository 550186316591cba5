/**
 * Migration 7: the processes engines declare. `openEngine` records
 * its process names (`recordProcesses`), so operator tools open an engine with
 * `processes: 'discover'` and no process list. A name, once recorded, stays; `declared_at` is
 * when an engine last declared it. Names sort in code-unit order (`collate "C"`), as core's
 * names are ASCII. `s` is the quoted schema.
 */
export function v7Processes(s: string): string {
  return `
create table ${s}.processes (
  name text collate "C" primary key,
  declared_at double precision not null
);
`;
}
