import { ValidationError } from '@tagout/core';
import type { Cluster, Redis } from 'ioredis';

/** The default namespace prefix. */
export const DEFAULT_PREFIX = 'tagout';

const PREFIX = /^[A-Za-z0-9_.:-]{1,100}$/;

/**
 * The key base of a namespace: `tagout:{<prefix>}:`. The braces are a Redis Cluster hash
 * tag, so every key of the namespace lands in one slot.
 * @throws ValidationError (field `prefix`) when the prefix is not 1–100 characters of letters,
 * digits and `_ . : -`.
 */
export function namespaceBase(prefix: string): string {
  if (typeof prefix !== 'string' || !PREFIX.test(prefix)) {
    throw new ValidationError('prefix', `${JSON.stringify(prefix)} must be 1-100 of A-Z a-z 0-9 _ . : -`);
  }
  return `tagout:{${prefix}}:`;
}

/**
 * Deletes every key of a namespace (machines, sessions, work, backoffs and history).
 * Meant for tests and for retiring a namespace; it is not atomic with concurrent writers.
 * On a Cluster it scans the master that owns the namespace's slot.
 */
export async function dropRedisNamespace(
  client: Redis | Cluster,
  prefix: string = DEFAULT_PREFIX,
): Promise<number> {
  const base = namespaceBase(prefix);
  const nodes =
    'nodes' in client && typeof client.nodes === 'function' ? client.nodes('master') : [client as Redis];
  let deleted = 0;
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${escapeGlob(base)}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await node.del(...keys);
    } while (cursor !== '0');
  }
  return deleted;
}

function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
