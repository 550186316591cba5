import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Cluster, Redis } from 'ioredis';
import { bundleLua } from './lua-bundle.js';
import { MIGRATIONS } from './migrations/migrations.js';

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

/** Every script: the operations, then the migrations. */
export const SCRIPT_NAMES = [...OPERATION_SCRIPTS, ...MIGRATIONS] as const;

/** The name of one script. */
export type ScriptName = (typeof SCRIPT_NAMES)[number];

const MIGRATION_NAMES: ReadonlySet<ScriptName> = new Set(MIGRATIONS);

/** The file of the script `name`: src/migrations/<name>.lua for a migration, else src/lua/<name>.lua. */
export function scriptFile(name: ScriptName): URL {
  return new URL(
    MIGRATION_NAMES.has(name) ? `./migrations/${name}.lua` : `./lua/${name}.lua`,
    import.meta.url,
  );
}

/**
 * Where includes are found: the helpers in src/lua/includes/, and the filter evaluation in
 * src/filters/, beside the code that encodes filters for it. A name is in one of them only.
 */
export const INCLUDE_DIRS = ['./lua/includes/', './filters/'] as const;

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
 * The text of the include `name`, `<name>.lua` in one of {@link INCLUDE_DIRS}, or undefined
 * when there is none.
 * @throws Error when more than one of them holds it.
 */
function readInclude(name: string): string | undefined {
  const texts = INCLUDE_DIRS.map((dir) => readLua(new URL(`${dir}${name}.lua`, import.meta.url))).filter(
    (text) => text !== undefined,
  );
  if (texts.length > 1)
    throw new Error(`tagout: the Lua include "${name}" is in more than one of ${INCLUDE_DIRS}`);
  return texts[0];
}

/**
 * Every script with its includes resolved (see {@link bundleLua}), and its SHA, built once when
 * the module loads: an include that is missing or a cycle fails the import.
 */
function loadScripts(): ReadonlyMap<ScriptName, Script> {
  const includes = new Map<string, string | undefined>();
  const cachedInclude = (name: string) => {
    if (!includes.has(name)) includes.set(name, readInclude(name));
    return includes.get(name);
  };
  return new Map(
    SCRIPT_NAMES.map((name) => {
      const file = scriptFile(name);
      const text = readLua(file);
      if (text === undefined) throw new Error(`tagout: the Lua script ${file.pathname} is missing`);
      const source = bundleLua(`${name}.lua`, text, cachedInclude);
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
