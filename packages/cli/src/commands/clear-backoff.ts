import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { report } from '../output/report.js';
import { withEngine } from '../with-engine.js';

/** What `tagout clear-backoff --json` prints: whether the pair had an active backoff. */
export interface ClearBackoffReport {
  cleared: boolean;
}

/**
 * `tagout clear-backoff MACHINE PROCESS [--reason TEXT] [--reset-interval] [--json]`: retry
 * now (`engine.clearBackoff`), recorded as a `BackoffCleared` history event.
 */
export function registerClearBackoff(program: Command, io: CliIo): void {
  program
    .command('clear-backoff')
    .description('retry now: end the active backoff of a machine and process (recorded in its history)')
    .argument('<machine>', 'the machine id')
    .argument('<process>', 'the process')
    .option('--reason <text>', 'why, recorded as the BackoffCleared event cause')
    .option(
      '--reset-interval',
      'also forget the stored interval: the next failure starts from the initial one',
    )
    .option('--json', 'print JSON: { "cleared": true|false }')
    .action(
      async (
        machineId: string,
        process: string,
        options: { reason?: string; resetInterval?: boolean; json?: boolean },
        command: Command,
      ) => {
        const cleared = await withEngine(command, io, (engine) =>
          engine.clearBackoff({
            machineId,
            process,
            ...(options.reason !== undefined && { reason: options.reason }),
            resetInterval: options.resetInterval === true,
          }),
        );
        report<ClearBackoffReport>(io, options.json, { cleared }, (value) =>
          value.cleared
            ? `cleared the active ${process} backoff of ${machineId}: it can be claimed now\n`
            : `no active ${process} backoff on ${machineId}${options.resetInterval ? ' (its stored interval is forgotten)' : ''}\n`,
        );
      },
    );
}
