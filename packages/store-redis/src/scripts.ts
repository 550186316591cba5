import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Cluster, Redis } from 'ioredis';
import { bundleLua } from './lua-bundle.js';

/** The operations, one Lua script each: src/lua/<name>.lua, after the includes it names. */
const OPERATION_SCRIPTS = [
  'backoff-clear',
  'backoffs',
  'cancel',
  'claim',
  'fail',
  'finish',
  'finish-many',
  'history',
  'history-prune',
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

/**
 * The scripts that bring a namespace an older release wrote up to date (see `migrateNamespace`):
 * src/migrations/<name>.lua, after the includes it names.
 */
const MIGRATION_SCRIPTS = ['history-upgrade', 'backoff-ends-upgrade'] as const;

/** The name of one migration script. */
export type MigrationScript = (typeof MIGRATION_SCRIPTS)[number];

/** Every script: the operations, then the migrations. */
export const SCRIPT_NAMES = [...OPERATION_SCRIPTS, ...MIGRATION_SCRIPTS] as const;

/** The name of one script. */
export type ScriptName = (typeof SCRIPT_NAMES)[number];

const MIGRATIONS: ReadonlySet<ScriptName> = new Set(MIGRATION_SCRIPTS);

/** The file of the script `name`. */
export function scriptFile(name: ScriptName): URL {
  return new URL(MIGRATIONS.has(name) ? `./migrations/${name}.lua` : `./lua/${name}.lua`, import.meta.url);
}

interface Script {
  source: string;
  sha: string;
}

function readLua(file: URL): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Every script with its includes resolved (see {@link bundleLua}), and its SHA, built once when
 * the module loads: an include that is missing or a cycle fails the import.
 */
function loadScripts(): ReadonlyMap<ScriptName, Script> {
  const includes = new Map<string, string | undefined>();
  const readInclude = (name: string) => {
    if (!includes.has(name))
      includes.set(name, readLua(new URL(`./lua/includes/${name}.lua`, import.meta.url)));
    return includes.get(name);
  };
  return new Map(
    SCRIPT_NAMES.map((name) => {
      const file = scriptFile(name);
      const text = readLua(file);
      if (text === undefined) throw new Error(`tagout: the Lua script ${file.pathname} is missing`);
      const source = bundleLua(`${name}.lua`, text, readInclude);
      return [name, { source, sha: createHash('sha1').update(source).digest('hex') }];
    }),
  );
}

const SCRIPTS = loadScripts();

/** The text Redis runs for the script `name`: its includes, then the script. */
export function scriptSource(name: ScriptName): string {
  return SCRIPTS.get(name)!.source;
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
  const script = SCRIPTS.get(name)!;
  return client.evalsha(script.sha, 1, base, ...args).catch((error: unknown) => {
    if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
    return client.eval(script.source, 1, base, ...args);
  });
}
