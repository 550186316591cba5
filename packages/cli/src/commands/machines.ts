import type { Filter, Machine } from '@tagout/core';
import { humanRelative } from '@tagout/web';
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { report, type TextContext } from '../output/report.js';
import { renderTable } from '../output/table.js';
import { jsonValue, wholeNumber } from '../parse-arguments.js';
import { withEngine } from '../with-engine.js';

const DEFAULT_LIMIT = 100;

/** `tagout machines [--where JSON] [--limit N] [--json]`: machines passing a filter, oldest first. */
export function registerMachines(program: Command, io: CliIo): void {
  program
    .command('machines')
    .description('list machines, oldest first, optionally filtered')
    .option('--where <json>', 'a filter in the JSON filter language, e.g. \'{"has":"Provided"}\'', jsonValue)
    .option('--limit <n>', `at most this many (default ${DEFAULT_LIMIT})`, wholeNumber)
    .option('--json', "print JSON (the engine's Machine objects)")
    .action(async (options: { where?: unknown; limit?: number; json?: boolean }, command: Command) => {
      const limit = options.limit ?? DEFAULT_LIMIT;
      const machines = await withEngine(command, io, (engine) =>
        engine.machines({ ...(options.where !== undefined && { where: options.where as Filter }), limit }),
      );
      report(io, options.json, machines, (list, text) => machinesText(list, text, limit));
    });
}

function machinesText(machines: readonly Machine[], text: TextContext, limit: number): string {
  if (machines.length === 0) return 'no machines\n';
  const table = renderTable(
    [{ header: 'MACHINE' }, { header: 'CREATED' }, { header: 'TAGS', shrink: 1 }],
    machines.map((machine) => [
      machine.id,
      humanRelative(machine.createdAt, text.now),
      Object.entries(machine.tags)
        .map(([name, tag]) => `${name}=${JSON.stringify(tag.value)}`)
        .join(' '),
    ]),
    text.columns,
    text.paint,
  );
  const more = machines.length >= limit ? ` (the limit: --limit ${limit * 2} for more)` : '';
  return `${table}${text.paint('dim', `${machines.length} machines${more}`)}\n`;
}
