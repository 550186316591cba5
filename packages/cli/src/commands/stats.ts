import type { EngineStats } from '@tagout/core';
import type { Command } from 'commander';
import type { CliIo } from '../cli-io.js';
import { report, type TextContext } from '../output/report.js';
import { renderPairs, renderTable } from '../output/table.js';
import { withEngine } from '../with-engine.js';

/** `tagout stats [--json]`: machines, live work and active backoffs per process, machines per tag. */
export function registerStats(program: Command, io: CliIo): void {
  program
    .command('stats')
    .description('machines, live work and active backoffs per process, machines per tag')
    .option('--json', "print JSON (the engine's stats())")
    .action(async (options: { json?: boolean }, command: Command) => {
      const stats = await withEngine(command, io, (engine) => engine.stats());
      report(io, options.json, stats, statsText);
    });
}

function statsText(stats: EngineStats, text: TextContext): string {
  const processes = renderTable(
    [{ header: 'PROCESS' }, { header: 'LIVE WORK', right: true }, { header: 'ACTIVE BACKOFFS', right: true }],
    Object.keys(stats.liveWork).map((process) => [
      process,
      String(stats.liveWork[process] ?? 0),
      String(stats.activeBackoffs[process] ?? 0),
    ]),
    text.columns,
    text.paint,
  );
  const tagRows = Object.entries(stats.tags).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const tags =
    tagRows.length === 0
      ? 'no tags\n'
      : renderTable(
          [
            { header: 'TAG', shrink: 1 },
            { header: 'MACHINES', right: true },
          ],
          tagRows.map(([tag, count]) => [tag, String(count)]),
          text.columns,
          text.paint,
        );
  return `${renderPairs([['machines', String(stats.machines)]], text.paint)}\n${processes}\n${tags}`;
}
