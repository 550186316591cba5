import { createRequire } from 'node:module';
import { cpus, loadavg, totalmem } from 'node:os';
import { Redis } from '@tagout/store-redis';
import pg from 'pg';

/** The machine and servers a run measured on, for the record. */
export interface MachineInfo {
  /** e.g. '2 × AMD EPYC 7B13, 24 GiB'. */
  cpu: string;
  node: string;
  postgres: string;
  redis: string;
  sqlite: string;
  /** Load averages (1, 5, 15 min) when the run started. */
  loadAtStart: number[];
}

/** Describes this machine and the servers' versions. */
export async function describeMachine(postgresUrl: string, redisUrl: string): Promise<MachineInfo> {
  const list = cpus();
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  const postgres = (await client.query('show server_version')).rows[0].server_version as string;
  await client.end();
  const redis = new Redis(redisUrl);
  const redisVersion = /redis_version:(\S+)/.exec(await redis.info('server'))?.[1] ?? '?';
  redis.disconnect();
  return {
    cpu: `${list.length} × ${list[0]?.model.trim() ?? '?'}, ${Math.round(totalmem() / 2 ** 30)} GiB`,
    node: process.version,
    postgres,
    redis: redisVersion,
    sqlite: sqliteVersion(),
    loadAtStart: loadavg(),
  };
}

/** better-sqlite3's version as the SQLite store resolves it. */
function sqliteVersion(): string {
  const fromStore = createRequire(import.meta.resolve('@tagout/store-sqlite'));
  return `better-sqlite3 ${(fromStore('better-sqlite3/package.json') as { version: string }).version}`;
}

/** '1.23 0.98 0.75'. */
export function formatLoad(load: readonly number[]): string {
  return load.map((n) => n.toFixed(2)).join(' ');
}
