/**
 * The command line's arguments for `parseArgs`, without the `--` that `pnpm bench:pg -- --rounds 5`
 * passes through to the script (parseArgs would take everything after it as positionals).
 */
export function cliArgs(): string[] {
  return process.argv.slice(2).filter((arg) => arg !== '--');
}
