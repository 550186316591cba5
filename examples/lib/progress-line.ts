import type { TallyCounts } from './tally.js';

/** Options of {@link startProgress}. */
export interface ProgressOptions {
  /** The current counts. */
  counts: () => TallyCounts;
  /** How many pairs are in active backoff now (read from the store). */
  inBackoff: () => Promise<number>;
  /** Machines to finish in total. */
  total: number;
  stream: NodeJS.WriteStream;
}

/** A running progress display; `stop()` prints the last state and ends the line. */
export interface Progress {
  stop(): Promise<void>;
}

const TTY_EVERY_MS = 200;
const LOG_EVERY_MS = 1_000;
const RATE_WINDOW_MS = 1_000;

/**
 * Shows done / failed / in backoff / rate: rewritten in place on one line (`\r`) when the
 * stream is a TTY, else one line per second.
 */
export function startProgress(options: ProgressOptions): Progress {
  const tty = options.stream.isTTY === true;
  const started = performance.now();
  const samples: { at: number; finishes: number }[] = [{ at: started, finishes: options.counts().finishes }];
  let busy: Promise<void> = Promise.resolve();

  const render = async () => {
    const counts = options.counts();
    const now = performance.now();
    samples.push({ at: now, finishes: counts.finishes });
    // Keep one sample at or before the window's start, so the rate always spans a full window.
    while (samples.length > 2 && (samples[1]?.at ?? now) <= now - RATE_WINDOW_MS) samples.shift();
    const first = samples[0] ?? { at: now, finishes: counts.finishes };
    const rate = now > first.at ? ((counts.finishes - first.finishes) * 1000) / (now - first.at) : 0;
    const backoff = await options.inBackoff();
    const line =
      `done ${counts.finishes}/${options.total} · failed ${counts.failures} · in backoff ${backoff}` +
      ` · ${rate.toFixed(0)} done/s · ${((now - started) / 1000).toFixed(1)} s`;
    options.stream.write(tty ? `\r${line}\x1b[K` : `${line}\n`);
  };
  const timer = setInterval(
    () => {
      busy = busy.then(render).catch(() => undefined);
    },
    tty ? TTY_EVERY_MS : LOG_EVERY_MS,
  );
  return {
    async stop() {
      clearInterval(timer);
      await busy;
      await render().catch(() => undefined);
      if (tty) options.stream.write('\n');
    },
  };
}
