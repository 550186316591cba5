import { TagoutError } from '@tagout/core';
import { Command, CommanderError } from 'commander';
import type { CliIo } from './cli-io.js';
import { registerBackoffs } from './commands/backoffs.js';
import { registerClearBackoff } from './commands/clear-backoff.js';
import { registerHistory } from './commands/history.js';
import { registerMachine } from './commands/machine.js';
import { registerMachines } from './commands/machines.js';
import { registerMigrate } from './commands/migrate.js';
import { registerPruneHistory } from './commands/prune-history.js';
import { registerSessions } from './commands/sessions.js';
import { registerStats } from './commands/stats.js';
import { registerWeb } from './commands/web.js';
import { registerWork } from './commands/work.js';
import { addGlobalOptions } from './global-options.js';
import { RefusedError, UsageError } from './usage-error.js';

/** Exit codes of `tagout`. */
export const EXIT = { ok: 0, refused: 1, usage: 2 } as const;

const COMMANDS = [
  registerMachines,
  registerMachine,
  registerHistory,
  registerBackoffs,
  registerWork,
  registerSessions,
  registerClearBackoff,
  registerPruneHistory,
  registerStats,
  registerMigrate,
  registerWeb,
];

/**
 * Runs `tagout` with `args` (without `node` and the script) and returns its exit code: 0
 * ok, 1 operation refused (a tagout error's message: ValidationError, StoreError, ...),
 * 2 usage error. Never calls `process.exit`; every engine it opened is closed.
 */
export async function runCli(args: readonly string[], io: CliIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(args, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    if (error instanceof UsageError) {
      io.err(`tagout: ${error.message}\n(tagout --help for usage)\n`);
      return EXIT.usage;
    }
    if (error instanceof TagoutError || error instanceof RefusedError) {
      io.err(`tagout: ${error.message}\n`);
      return EXIT.refused;
    }
    io.err(`tagout: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.refused;
  }
}

function buildProgram(io: CliIo): Command {
  const program = new Command('tagout')
    .description(
      'Look into a tagout fleet: machines, live work, sessions, backoffs, history, stats; retry now; prune history; serve the web UI.',
    )
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.out(text),
      writeErr: (text) => io.err(text),
      getOutHelpWidth: () => io.columns,
      getErrHelpWidth: () => io.columns,
      getOutHasColors: () => io.color,
      getErrHasColors: () => io.color,
    })
    .configureHelp({ showGlobalOptions: true })
    .showHelpAfterError('(tagout --help for usage)')
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 operation refused (the error says why), 2 usage error.\n' +
        'Example: tagout --store fleet.db machines --where \'{"lacks":"AgentStarted"}\'\n',
    );
  addGlobalOptions(program);
  for (const register of COMMANDS) register(program, io);
  return program;
}
