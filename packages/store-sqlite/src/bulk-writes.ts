import type { AtTime, MachineWrite, TagsWrite, TagWrites } from '@tagout/core';
import type { Connection } from './connection.js';

/**
 * Bulk writes, each one `BEGIN IMMEDIATE` transaction of a few statements, whatever the batch
 * size: the batch goes in as JSON text (`json_each`), so the rows are read, checked and written
 * by SQLite itself rather than by one driver call per row. Every id is checked first, and the
 * first one that stops the batch (in input order) is returned before anything is written.
 * better-sqlite3 is synchronous, so the event loop waits for the whole transaction: core bounds
 * a batch (`LIMITS.bulkWrite` machines, `LIMITS.bulkWriteTags` tags), which keeps it to
 * milliseconds.
 */

/** The first id of the JSON array `?` (in array order) that names a machine. */
const FIRST_EXISTING = `SELECT j.value FROM json_each(?) j
  WHERE EXISTS (SELECT 1 FROM machines m WHERE m.id = j.value) ORDER BY j.key LIMIT 1`;
/** The first id of the JSON array `?` (in array order) that names no machine. */
const FIRST_MISSING = `SELECT j.value FROM json_each(?) j
  WHERE NOT EXISTS (SELECT 1 FROM machines m WHERE m.id = j.value) ORDER BY j.key LIMIT 1`;
/** Inserts the machines of the JSON array of ids (second parameter), created at the first. */
const INSERT_MACHINES =
  'INSERT INTO machines (id, created_at) SELECT j.value, ? FROM json_each(?) j ORDER BY j.value';
/** Upserts the tags of the JSON array (second parameter) of [machineId, name, canonical JSON], updated at the first. */
const UPSERT_TAGS = `INSERT INTO tags (machine_id, name, value, updated_at)
  SELECT j.value ->> 0, j.value ->> 1, j.value ->> 2, ? FROM json_each(?) j ORDER BY 1, 2
  ON CONFLICT (machine_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`;

/** Creates every machine and its tags at `now`, or none when one exists already. */
export function createMachines(
  c: Connection,
  input: AtTime & { machines: readonly MachineWrite[] },
): { ok: true; createdAt: number } | { ok: false; reason: 'exists'; machineId: string } {
  const ids = JSON.stringify(input.machines.map((machine) => machine.id));
  const tags = tagRows(input.machines.map((machine) => [machine.id, machine.tags]));
  return c.write(() => {
    const existing = c.cache.get(FIRST_EXISTING).pluck().get(ids) as string | undefined;
    if (existing !== undefined) return { ok: false as const, reason: 'exists' as const, machineId: existing };
    const now = input.now ?? Date.now();
    c.cache.get(INSERT_MACHINES).run(now, ids);
    c.cache.get(UPSERT_TAGS).run(now, tags);
    return { ok: true as const, createdAt: now };
  });
}

/** Upserts the tags of every machine at `now`, or of none when one does not exist. */
export function setTagsMany(
  c: Connection,
  input: AtTime & { machines: readonly TagsWrite[] },
): { ok: true } | { ok: false; reason: 'not-found'; machineId: string } {
  const ids = JSON.stringify(input.machines.map((entry) => entry.machineId));
  const tags = tagRows(input.machines.map((entry) => [entry.machineId, entry.tags]));
  return c.write(() => {
    const missing = c.cache.get(FIRST_MISSING).pluck().get(ids) as string | undefined;
    if (missing !== undefined)
      return { ok: false as const, reason: 'not-found' as const, machineId: missing };
    c.cache.get(UPSERT_TAGS).run(input.now ?? Date.now(), tags);
    return { ok: true as const };
  });
}

/** The tags of the machines as a JSON array of [machineId, name, canonical JSON] (`UPSERT_TAGS`). */
function tagRows(machines: readonly (readonly [string, TagWrites])[]): string {
  const rows: [string, string, string][] = [];
  for (const [id, tags] of machines) for (const name in tags) rows.push([id, name, tags[name]!]);
  return JSON.stringify(rows);
}
