import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { report } from '../output/report.js';
import { duration } from '../parse-duration.js';
import { withEngine } from '../with-engine.js';

/** What `tagout prune-history --json` prints: how many events were deleted. */
export interface PruneHistoryReport {
  deleted: number;
}

/**
 * `tagout prune-history --older-than DURATION [--json]`: deletes the history events older than
 * DURATION (`engine.pruneHistory`), keeping the latest event of every pair with a backoff.
 */
export function registerPruneHistory(program: Command, io: CliIo): void {
  program
    .command('prune-history')
    .description(
      'delete history events older than a duration (the latest event of a pair with a backoff stays)',
    )
    .requiredOption('--older-than <duration>', 'age: 30d, 12h, 90m, 45s, 500ms, or plain ms', duration)
    .option('--json', 'print JSON: { "deleted": N }')
    .action(async (options: { olderThan: number; json?: boolean }, command: Command) => {
      const deleted = await withEngine(command, io, (engine) =>
        engine.pruneHistory({ olderThanMs: options.olderThan }),
      );
      report<PruneHistoryReport>(
        io,
        options.json,
        { deleted },
        (value) => `deleted ${value.deleted} history event${value.deleted === 1 ? '' : 's'}\n`,
      );
    });
}
