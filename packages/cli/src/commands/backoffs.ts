import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { report } from '../output/report.js';
import { backoffTable } from '../output/tables.js';
import { withEngine } from '../with-engine.js';

/** `tagout backoffs [--active] [--json]`: backoffs with cause and time left, active ones first. */
export function registerBackoffs(program: Command, io: CliIo): void {
  program
    .command('backoffs')
    .description('backoffs with cause and time left, active ones first')
    .option('--active', 'only active backoffs')
    .option('--json', "print JSON (the engine's Backoff objects, in its order)")
    .action(async (options: { active?: boolean; json?: boolean }, command: Command) => {
      const backoffs = await withEngine(command, io, (engine) =>
        engine.backoffs({ activeOnly: options.active === true }),
      );
      report(io, options.json, backoffs, (list, text) => backoffTable(list, text, true));
    });
}
