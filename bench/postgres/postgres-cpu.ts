/**
 * CPU spent per cycle, the load-independent companion of cycles per second: this process's CPU
 * (`process.cpuUsage`) plus the CPU of the pool's Postgres backends (found by their
 * `application_name`, read from `/proc/<pid>/stat`). On a machine shared with other runs,
 * throughput swings with their load while CPU per cycle barely moves.
 */
import { readFileSync } from 'node:fs';
import type { PgPool } from './postgres-setup.js';

/** Clock ticks per second of `/proc/<pid>/stat` (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

/** CPU seconds of one process (user + system), or 0 when it is gone or unreadable. */
function processCpuS(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
  } catch {
    return 0;
  }
}

/** CPU seconds so far of this process and of the backends of `pool` (application `appName`). */
export async function cpuSeconds(pool: PgPool, appName: string): Promise<number> {
  const { rows } = await pool.query('select pid from pg_stat_activity where application_name = $1', [
    appName,
  ]);
  const backends = rows.reduce((sum: number, row) => sum + processCpuS(Number(row.pid)), 0);
  const own = process.cpuUsage();
  return backends + (own.user + own.system) / 1e6;
}
