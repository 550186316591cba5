import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { report } from '../output/report.js';
import { workTable } from '../output/tables.js';
import { withEngine } from '../with-engine.js';

/** `tagout work [--json]`: live work, the longest-running first. */
export function registerWork(program: Command, io: CliIo): void {
  program
    .command('work')
    .description('live work, the longest-running first')
    .option('--json', "print JSON (the engine's WorkInfo objects, in its order)")
    .action(async (options: { json?: boolean }, command: Command) => {
      const work = await withEngine(command, io, (engine) => engine.activeWork());
      report(io, options.json, work, (list, text) => workTable(list, text, true));
    });
}
