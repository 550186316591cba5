import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { migrateStore } from '../with-engine.js';

/**
 * `tagout migrate`: brings the store's schema up to date (a SQLite file is created); with
 * `--processes`, also records them in the store, as an engine opening with them does.
 */
export function registerMigrate(program: Command, io: CliIo): void {
  program
    .command('migrate')
    .description("bring the store's schema up to date (creates a SQLite file)")
    .action(async (_options: object, command: Command) => {
      await migrateStore(command, io);
      io.out('store is up to date\n');
    });
}
