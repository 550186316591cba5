import { readdir, readFile } from 'node:fs/promises';
import { Redis } from 'ioredis';
import type { RunServers } from './context.js';
import type { StoreKind } from './system.js';

/** Linux's clock ticks per second (`getconf CLK_TCK`), the unit of /proc/<pid>/stat times. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * CPU (user + system, µs) the server of `store` has used so far, or undefined for an embedded
 * store (SQLite: its CPU is the worker's). Redis: the server's own count (`INFO cpu`).
 * Postgres: every process named `postgres` on this machine (the bench's servers are
 * loopback-only, so the machine's), plus what the postmaster collected from backends that
 * exited (`cutime`, `cstime`), from /proc: a reading to the clock tick (10 ms).
 */
export async function serverCpuUs(store: StoreKind, servers: RunServers): Promise<number | undefined> {
  if (store === 'Redis') return redisCpuUs(servers.redisUrl);
  if (store === 'Postgres') return postgresCpuUs();
  return undefined;
}

async function redisCpuUs(url: string): Promise<number> {
  const client = new Redis(url, { lazyConnect: true });
  try {
    await client.connect();
    const info = await client.info('cpu');
    const seconds = (name: string) =>
      Number(new RegExp(`^${name}:([\\d.]+)`, 'm').exec(info)?.[1] ?? Number.NaN);
    return (seconds('used_cpu_user') + seconds('used_cpu_sys')) * 1e6;
  } finally {
    client.disconnect();
  }
}

async function postgresCpuUs(): Promise<number> {
  let ticks = 0;
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => undefined);
    // pid (comm) state ppid …: fields after the command name, which may hold spaces.
    const match = stat === undefined ? null : /^\d+ \((.*)\) (.*)$/s.exec(stat);
    if (match === null || match[1] !== 'postgres') continue;
    const fields = match[2]!.split(' ');
    // utime, stime, cutime, cstime: fields 14–17 of the line, 12–15 after the command name.
    ticks += fields.slice(11, 15).reduce((sum, field) => sum + Number(field), 0);
  }
  return (ticks / CLOCK_TICKS_PER_SECOND) * 1e6;
}
