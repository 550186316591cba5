import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Cluster, Redis } from 'ioredis';
import { bundleLua } from './lua-bundle.js';

/** The operations, one Lua script each (src/lua/<name>.lua after the helpers it uses). */
export const SCRIPT_NAMES = [
  'backoff-clear',
  'backoff-ends-upgrade',
  'backoffs',
  'cancel',
  'claim',
  'fail',
  'finish',
  'finish-many',
  'history',
  'history-prune',
  'history-upgrade',
  'machine-create',
  'machine-delete',
  'machine-get',
  'machine-list',
  'machines-create',
  'machines-seed',
  'processes-list',
  'processes-record',
  'session-close',
  'session-create',
  'session-heartbeat',
  'session-list',
  'stats',
  'tags-write',
  'tags-write-many',
  'work-list',
] as const;

/** The name of one operation script. */
export type ScriptName = (typeof SCRIPT_NAMES)[number];

/** Helper files; each script gets the definitions it uses (see {@link bundleLua}). */
const HELPERS = ['lib', 'json-path', 'filter'] as const;

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
    const helpers = HELPERS.map(readLua).join('\n\n');
    loaded = new Map(
      SCRIPT_NAMES.map((name) => {
        const source = bundleLua(helpers, readLua(name));
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
export function runScript(
  client: Redis | Cluster,
  name: ScriptName,
  base: string,
  args: readonly (string | number)[],
): Promise<unknown> {
  const script = scripts().get(name)!;
  return client.evalsha(script.sha, 1, base, ...args).catch((error: unknown) => {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return client.eval(script.source, 1, base, ...args);
  });
}
