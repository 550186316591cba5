import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { report } from '../output/report.js';
import { sessionTable } from '../output/tables.js';
import { wholeNumber } from '../parse-arguments.js';
import { withEngine } from '../with-engine.js';

/** `tagout sessions [--alive] [--limit N] [--json]`: sessions, oldest first, alive and recently dead. */
export function registerSessions(program: Command, io: CliIo): void {
  program
    .command('sessions')
    .description('sessions, oldest first: component, runtime info, deadline, alive, live work')
    .option('--alive', 'only sessions alive now')
    .option('--limit <n>', 'at most this many (default 1000)', wholeNumber)
    .option('--json', "print JSON (the engine's SessionInfo objects, in its order)")
    .action(async (options: { alive?: boolean; limit?: number; json?: boolean }, command: Command) => {
      const sessions = await withEngine(command, io, (engine) =>
        engine.sessions({
          aliveOnly: options.alive === true,
          ...(options.limit !== undefined && { limit: options.limit }),
        }),
      );
      report(io, options.json, sessions, sessionTable);
    });
}
