import { type Engine, openEngine } from '@tagout/core';
import type { Command } from 'commander';
import type { CliIo } from './cli-io.js';
import type { GlobalOptions } from './global-options.js';
import { storeFromUrl } from './store-from-url.js';
import { UsageError } from './usage-error.js';

/**
 * Opens an engine on the command's store (which migrates it), runs `use`, and always
 * closes the engine and what the store needed, so the process can exit on its own.
 * `create` lets `migrate` create a SQLite file; every other command refuses a missing one.
 * @throws UsageError for a missing store or process list; whatever `openEngine` or `use` throws.
 */
export async function withEngine<T>(
  command: Command,
  io: CliIo,
  use: (engine: Engine) => Promise<T>,
  create = false,
): Promise<T> {
  const options = command.optsWithGlobals<GlobalOptions>();
  const processes = parseProcesses(options.processes ?? io.env.TAGOUT_PROCESSES);
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
 * The process list from `--processes` / `TAGOUT_PROCESSES`. Interim: until the store
 * records the processes an engine declares, the CLI cannot discover them.
 * @throws UsageError when it is missing or empty.
 */
export function parseProcesses(text: string | undefined): string[] {
  const names = (text ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  if (names.length === 0) {
    throw new UsageError(
      'which processes? give --processes A,B or TAGOUT_PROCESSES (the process names your engines declare)',
    );
  }
  return names;
}
