import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { withEngine } from '../with-engine.js';

/** `tagout migrate`: brings the store's schema up to date (opening an engine migrates; a SQLite file is created). */
export function registerMigrate(program: Command, io: CliIo): void {
  program
    .command('migrate')
    .description("bring the store's schema up to date (creates a SQLite file)")
    .action(async (_options: object, command: Command) => {
      await withEngine(command, io, async () => undefined, true);
      io.out('store is up to date\n');
    });
}
