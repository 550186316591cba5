import type { TagWrites } from '@tagout/core';
import type { Cluster, Redis } from 'ioredis';
import { batchArgs } from './bulk-args.js';
import { DEFAULT_PREFIX, namespaceBase } from './namespace.js';
import { runScript } from './scripts.js';

/** A machine for {@link seedRedisMachines}: a lowercase UUID and canonical JSON tag values. */
export interface SeedMachine {
  id: string;
  tags: TagWrites;
}

/**
 * Creates many machines in one script call (for benchmarks and bulk imports), with exactly
 * the keys `createMachine` writes; ids that exist already are skipped. Unlike the engine it
 * validates nothing: ids must be lowercase UUIDs, tag names valid and values canonical JSON
 * text (`canonicalJson` of @tagout/core). Keep batches to a few thousand machines, since
 * the server runs nothing else while the script runs. Returns how many were created.
 */
export async function seedRedisMachines(
  client: Redis | Cluster,
  machines: readonly SeedMachine[],
  options: { prefix?: string; now?: number } = {},
): Promise<number> {
  const args = batchArgs(
    options.now,
    machines.map((machine) => [machine.id, machine.tags] as const),
  );
  return Number(
    await runScript(client, 'machines-seed', namespaceBase(options.prefix ?? DEFAULT_PREFIX), args),
  );
}
