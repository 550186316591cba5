import { randomBytes } from 'node:crypto';
import type { PeerContext, PeerSystem } from './system.js';

/** What every measurement of a run shares: the servers and the directory for files. */
export interface RunServers {
  postgresUrl: string;
  redisUrl: string;
  dir: string;
}

/** A fresh namespace for one measurement of `system` (a valid schema name and key prefix). */
export function measurementContext(
  system: PeerSystem,
  servers: RunServers,
  concurrency: number,
): PeerContext {
  const namespace = `peers_${system.id.replace(/-/g, '_')}_${randomBytes(4).toString('hex')}`;
  return { ...servers, namespace, concurrency };
}
