import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { report } from '../output/report.js';
import { historyTable } from '../output/tables.js';
import { wholeNumber } from '../parse-arguments.js';
import { withEngine } from '../with-engine.js';

const DEFAULT_LIMIT = 100;

/** `tagout history [--machine ID] [--process P] [--limit N] [--json]`: the most recent events, oldest first. */
export function registerHistory(program: Command, io: CliIo): void {
  program
    .command('history')
    .description('the audit trail: the most recent events, oldest first')
    .option('--machine <id>', 'only this machine')
    .option('--process <name>', 'only this process')
    .option('--limit <n>', `the last this many events (default ${DEFAULT_LIMIT})`, wholeNumber)
    .option('--json', "print JSON (the engine's HistoryEvent objects)")
    .action(
      async (
        options: { machine?: string; process?: string; limit?: number; json?: boolean },
        command: Command,
      ) => {
        const events = await withEngine(command, io, (engine) =>
          engine.history({
            ...(options.machine !== undefined && { machineId: options.machine }),
            ...(options.process !== undefined && { process: options.process }),
            limit: options.limit ?? DEFAULT_LIMIT,
          }),
        );
        report(io, options.json, events, (list, text) => historyTable(list, text, true));
      },
    );
}
