/** Everything the CLI touches outside itself, so tests can run it in-process. */
export interface CliIo {
  /** Writes to standard output. */
  out(text: string): void;
  /** Writes to standard error. */
  err(text: string): void;
  /** Width of the terminal in characters (tables are fitted to it); Infinity when not a terminal. */
  columns: number;
  /** Whether to colour the output (a TTY, and NO_COLOR unset). */
  color: boolean;
  /** The environment (`TAGOUT_STORE`, `TAGOUT_PROCESSES`, ...). */
  env: Record<string, string | undefined>;
  /** Now (ms since epoch), for ages and time left. */
  now(): number;
  /** Resolves when a long-running command (`web`) should stop: SIGINT or SIGTERM. */
  untilStopped(): Promise<void>;
}

const DEFAULT_COLUMNS = 120;

/** Colour only on a terminal, and never when `NO_COLOR` is set to anything (no-color.org). */
export function wantsColor(stream: { isTTY?: boolean }, env: Record<string, string | undefined>): boolean {
  return stream.isTTY === true && (env.NO_COLOR ?? '') === '';
}

/** The real terminal: process streams, environment and signals. */
export function terminalIo(): CliIo {
  const { stdout, stderr, env } = process;
  return {
    out: (text) => stdout.write(text),
    err: (text) => stderr.write(text),
    columns: stdout.isTTY ? stdout.columns || DEFAULT_COLUMNS : Number.POSITIVE_INFINITY,
    color: wantsColor(stdout, env),
    env,
    now: Date.now,
    untilStopped: () =>
      new Promise((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      }),
  };
}
