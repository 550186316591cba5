import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Cluster, Redis } from 'ioredis';

/** The operations, one Lua script each (src/lua/<name>.lua after the shared helpers). */
export const SCRIPT_NAMES = [
  'backoffs',
  'cancel',
  'claim',
  'fail',
  'finish',
  'history',
  'machine-create',
  'machine-delete',
  'machine-get',
  'machine-list',
  'session-close',
  'session-create',
  'session-heartbeat',
  'tags-write',
  'work-list',
] as const;

/** The name of one operation script. */
export type ScriptName = (typeof SCRIPT_NAMES)[number];

/** Helpers concatenated in front of every script. */
const SHARED = ['lib'] as const;

/**
 * Scripts that evaluate filters also get the filter helpers. Every helper costs its
 * closures on each call, so the others go without.
 */
const WITH_FILTERS: ReadonlySet<ScriptName> = new Set(['claim', 'machine-list']);
const FILTER_HELPERS = ['json-path', 'filter'] as const;

interface Script {
  source: string;
  sha: string;
}

function readLua(name: string): string {
  return readFileSync(new URL(`./lua/${name}.lua`, import.meta.url), 'utf8');
}

let loaded: ReadonlyMap<ScriptName, Script> | undefined;

function scripts(): ReadonlyMap<ScriptName, Script> {
  if (loaded === undefined) {
    const shared = SHARED.map(readLua).join('\n');
    const filters = FILTER_HELPERS.map(readLua).join('\n');
    loaded = new Map(
      SCRIPT_NAMES.map((name) => {
        const helpers = WITH_FILTERS.has(name) ? `${shared}\n${filters}` : shared;
        const source = `${helpers}\n${readLua(name)}`;
        return [name, { source, sha: createHash('sha1').update(source).digest('hex') }];
      }),
    );
  }
  return loaded;
}

/**
 * Runs one operation script by SHA (EVALSHA); after a `NOSCRIPT` reply (a new server, a
 * flushed script cache, a failover) it sends the source once with EVAL, which caches it
 * again. The only key is the namespace base, so a Cluster client routes the call to the
 * namespace's slot.
 */
export async function runScript(
  client: Redis | Cluster,
  name: ScriptName,
  base: string,
  args: readonly (string | number)[],
): Promise<unknown> {
  const script = scripts().get(name)!;
  try {
    return await client.evalsha(script.sha, 1, base, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return client.eval(script.source, 1, base, ...args);
  }
}
