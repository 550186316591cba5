import { execFile } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.js';

const run = promisify(execFile);

/** A throwaway Postgres cluster of one test: its own data directory, port and socket directory. */
export interface PrivatePostgres {
  /** `postgres://root@127.0.0.1:<port>/postgres` (trust authentication). */
  readonly url: string;
  readonly port: number;
  /** Crashes the server (`pg_ctl stop -m immediate`: no checkpoint, crash recovery on start). */
  crash(): Promise<void>;
  /** Starts the server again after {@link crash} (waits until it accepts connections). */
  start(): Promise<void>;
  /** `pg_ctl restart -m fast`: disconnects every client, checkpoints, starts again. */
  restart(): Promise<void>;
  /** Stops the server (immediate) and removes its directory. Idempotent; never rejects. */
  stop(): Promise<void>;
}

/** The directory of `initdb` and `pg_ctl`: on PATH, else the newest under /usr/lib/postgresql. */
function binDir(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root).sort((a, b) => Number(b) - Number(a));
  const found = versions
    .map((version) => join(root, version, 'bin'))
    .find((dir) => existsSync(join(dir, 'pg_ctl')));
  return found;
}

/**
 * Starts a private Postgres cluster (`initdb`, then `pg_ctl start`) on a random free port in a
 * fresh temporary directory, listening on 127.0.0.1 only, with fsync on. Postgres refuses to run
 * as root: as root, the directory is given to the `postgres` user and the tools run through
 * `runuser -u postgres`. The superuser is `root` with trust authentication.
 * @throws Error when the tools are missing or the server does not come up (whatever started is
 * stopped again first) — a test must fail, not skip, when it cannot start its server.
 */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const dir = mkdtempSync(join(tmpdir(), 'tagout-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  const bin = binDir();
  const tool = (name: string) => (bin === undefined ? name : join(bin, name));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    chownSync(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  const pg = (name: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'postgres', '--', tool(name), ...args]) : run(tool(name), args);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=60`;
  const ctl = (...args: string[]) => pg('pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), ...args]);
  const start = async () => {
    await ctl('-o', options, '-w', '-t', '60', 'start');
  };
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await ctl('-m', 'immediate', '-w', 'stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    })();
    return stopped;
  };
  try {
    await pg('initdb', ['-D', data, '-A', 'trust', '-U', 'root', '--no-sync']);
    await start();
  } catch (error) {
    await stop();
    throw new Error(`tagout test harness: could not start a private Postgres in ${dir}`, { cause: error });
  }
  return {
    url: `postgres://root@127.0.0.1:${port}/postgres`,
    port,
    crash: async () => {
      await ctl('-m', 'immediate', '-w', 'stop');
    },
    start,
    restart: async () => {
      await ctl('-o', options, '-m', 'fast', '-w', '-t', '60', 'restart');
    },
    stop,
  };
}
