import { type Engine, openEngine } from '@tagout/core';
import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import type { GlobalOptions } from './global-options.js';
import { storeFromUrl } from './store-from-url.js';
import { UsageError } from './usage-error.js';

/**
 * Opens an engine on the command's store (which migrates it), runs `use`, and always
 * closes the engine and what the store needed, so the process can exit on its own.
 * The engine accepts the processes of `--processes` / `TAGOUT_PROCESSES` when given (recorded in
 * the store, as any engine's), else the processes the store records (`processes: 'discover'`).
 * `create` lets `migrate` create a SQLite file; every other command refuses a missing one.
 * @throws UsageError for a missing store or an empty process list; whatever `openEngine` or
 * `use` throws (NotFoundError when discovering on a store that records no process).
 */
export async function withEngine<T>(
  command: Command,
  io: CliIo,
  use: (engine: Engine) => Promise<T>,
  create = false,
): Promise<T> {
  const options = command.optsWithGlobals<GlobalOptions>();
  const processes = parseProcesses(options.processes ?? (io.env.TAGOUT_PROCESSES || undefined));
  const { store, release } = storeFromUrl({
    url: options.store ?? io.env.TAGOUT_STORE,
    schema: options.schema,
    prefix: options.prefix,
    mustExist: !create,
  });
  try {
    const engine = await openEngine({
      store,
      processes,
      onError: (error) => io.err(`tagout: ${error.message}\n`),
    }).catch(async (error: unknown) => {
      await store.close().catch(() => undefined);
      throw error;
    });
    try {
      return await use(engine);
    } finally {
      await engine.close();
    }
  } finally {
    release();
  }
}

/**
 * Migrates the command's store, creating a SQLite file. With a process list, through an engine,
 * which also records the processes (so later commands discover them); without one, by opening
 * the store alone, since a new store records no process to discover.
 * @throws UsageError for a missing store or an empty process list; whatever the store throws.
 */
export async function migrateStore(command: Command, io: CliIo): Promise<void> {
  const options = command.optsWithGlobals<GlobalOptions>();
  if ((options.processes ?? (io.env.TAGOUT_PROCESSES || undefined)) !== undefined) {
    await withEngine(command, io, async () => undefined, true);
    return;
  }
  const { store, release } = storeFromUrl({
    url: options.store ?? io.env.TAGOUT_STORE,
    schema: options.schema,
    prefix: options.prefix,
    mustExist: false,
  });
  try {
    await store.open().finally(() => store.close());
  } finally {
    release();
  }
}

/**
 * The process list from `--processes` / `TAGOUT_PROCESSES`, or `'discover'` when neither is
 * given (the engine then accepts the processes the store records).
 * @throws UsageError when it is given but names no process.
 */
export function parseProcesses(text: string | undefined): string[] | 'discover' {
  if (text === undefined) return 'discover';
  const names = (text ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) {
    throw new UsageError(
      'which processes? give --processes A,B (or TAGOUT_PROCESSES), or neither to use the processes the store records',
    );
  }
  return names;
}
