import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { report } from '../output/report.js';
import { historyTable } from '../output/tables.js';
import { wholeNumber } from '../parse-arguments.js';
import { withEngine } from '../with-engine.js';

const DEFAULT_LIMIT = 100;

/**
 * `tagout history [--machine ID] [--process P] [--after ID] [--before ID] [--limit N] [--json]`:
 * a page of events, oldest first: the most recent, or the page just after or before an event id
 * (`engine.history`). The table shows each event's id, to page on.
 */
export function registerHistory(program: Command, io: CliIo): void {
  program
    .command('history')
    .description('the audit trail: the most recent events, oldest first')
    .option('--machine <id>', 'only this machine')
    .option('--process <name>', 'only this process')
    .option('--after <id>', 'the events after this event id (the next page: the last id shown)')
    .option('--before <id>', 'the events before this event id (the previous page: the first id shown)')
    .option('--limit <n>', `the last this many events (default ${DEFAULT_LIMIT})`, wholeNumber)
    .option('--json', "print JSON (the engine's HistoryEvent objects)")
    .action(
      async (
        options: {
          machine?: string;
          process?: string;
          after?: string;
          before?: string;
          limit?: number;
          json?: boolean;
        },
        command: Command,
      ) => {
        const events = await withEngine(command, io, (engine) =>
          engine.history({
            ...(options.machine !== undefined && { machineId: options.machine }),
            ...(options.process !== undefined && { process: options.process }),
            ...(options.after !== undefined && { after: options.after }),
            ...(options.before !== undefined && { before: options.before }),
            limit: options.limit ?? DEFAULT_LIMIT,
          }),
        );
        report(io, options.json, events, (list, text) => historyTable(list, text, true, true));
      },
    );
}
