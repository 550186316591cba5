import { type Command, Option } from 'commander';

/** Options every command accepts (before or after the command name). */
export interface GlobalOptions {
  store?: string;
  schema?: string;
  prefix?: string;
  processes?: string;
}

/** Adds the global options to the program. */
export function addGlobalOptions(program: Command): Command {
  return program
    .addOption(
      new Option(
        '--store <url>',
        'postgres://…, redis://…, rediss://…, sqlite:PATH or a .db/.sqlite path (env TAGOUT_STORE)',
      ),
    )
    .addOption(new Option('--schema <name>', 'Postgres schema (default tagout)'))
    .addOption(new Option('--prefix <prefix>', 'Redis key prefix (default tagout)'))
    .addOption(
      new Option(
        '--processes <list>',
        'the processes of the fleet, comma-separated (env TAGOUT_PROCESSES); required for now',
      ),
    );
}
