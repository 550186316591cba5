/**
 * Plain statements of the process record (migration 7's table). `schema` is the quoted schema.
 */

/**
 * The statement of `recordProcesses`. Parameters: `$1` the names (text[]), `$2` an injected
 * now (null: the database clock). Upserts every name with `declared_at = now`, in name order,
 * so engines declaring overlapping lists at once lock the rows in one order (no deadlock).
 */
export function recordProcessesSql(schema: string): string {
  return `insert into ${schema}.processes (name, declared_at)
    select n.name, c.now from (select ${schema}.now_ms($2::float8) as now) c,
      (select distinct unnest($1::text[]) collate "C" as name) n
    order by n.name
    on conflict (name) do update set declared_at = excluded.declared_at`;
}

/** The statement of `knownProcesses`: rows `(name, declared_at)` sorted by name. */
export function knownProcessesSql(schema: string): string {
  return `select name, declared_at from ${schema}.processes order by name`;
}
