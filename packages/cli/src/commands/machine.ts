import type { Backoff, HistoryEvent, Machine, WorkInfo } from '@tagout/core';
import { humanRelative, humanTime } from '@tagout/web';
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { report, type TextContext } from '../output/report.js';
import { renderPairs, renderTable } from '../output/table.js';
import { backoffTable, historyTable, workTable } from '../output/tables.js';
import { wholeNumber } from '../parse-arguments.js';
import { RefusedError } from '../usage-error.js';
import { withEngine } from '../with-engine.js';

const DEFAULT_HISTORY = 20;

/** What `tagout machine ID --json` prints. `machine` is null for a deleted machine that has history. */
export interface MachineReport {
  machine: Machine | null;
  work: WorkInfo[];
  backoffs: Backoff[];
  history: HistoryEvent[];
}

/** `tagout machine ID [--history N] [--json]`: one machine's tags, live work, backoffs and last history. */
export function registerMachine(program: Command, io: CliIo): void {
  program
    .command('machine')
    .description('one machine: tags, live work, backoffs and its last history events')
    .argument('<id>', 'the machine id')
    .option('--history <n>', `how many of its last history events (default ${DEFAULT_HISTORY})`, wholeNumber)
    .option('--json', 'print JSON: { machine, work, backoffs, history }')
    .action(async (id: string, options: { history?: number; json?: boolean }, command: Command) => {
      const result = await withEngine(command, io, async (engine): Promise<MachineReport> => {
        const machine = await engine.machine(id);
        const [work, backoffs, history] = await Promise.all([
          engine.activeWork({ machineId: id }),
          engine.backoffs({ machineId: id }),
          engine.history({ machineId: id, limit: options.history ?? DEFAULT_HISTORY }),
        ]);
        return { machine, work, backoffs, history };
      });
      if (result.machine === null && result.history.length === 0)
        throw new RefusedError(`machine ${id} not found`);
      report(io, options.json, result, (value, text) => machineText(id, value, text));
    });
}

function machineText(id: string, result: MachineReport, text: TextContext): string {
  const { machine } = result;
  const created =
    machine === null ? 'deleted (only its history remains)' : relativeAndExact(machine.createdAt, text);
  const tags =
    machine === null || Object.keys(machine.tags).length === 0
      ? 'no tags\n'
      : renderTable(
          [{ header: 'TAG' }, { header: 'VALUE', shrink: 2 }, { header: 'UPDATED', shrink: 1 }],
          Object.entries(machine.tags).map(([name, tag]) => [
            name,
            JSON.stringify(tag.value),
            relativeAndExact(tag.updatedAt, text),
          ]),
          text.columns,
          text.paint,
        );
  const heading = (title: string) => `\n${text.paint('bold', title)}\n`;
  return [
    renderPairs(
      [
        ['machine', id],
        ['created', created],
      ],
      text.paint,
    ),
    heading('Tags'),
    tags,
    heading('Live work'),
    workTable(result.work, text, false),
    heading('Backoffs'),
    backoffTable(result.backoffs, text, false),
    heading(`History (last ${result.history.length})`),
    historyTable(result.history, text, false),
  ].join('');
}

function relativeAndExact(at: number, text: TextContext): string {
  return `${humanRelative(at, text.now)} (${humanTime(at)})`;
}
