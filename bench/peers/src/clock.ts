/**
 * Microseconds on the system's monotonic clock (`process.hrtime`, CLOCK_MONOTONIC on Linux),
 * which every process of the machine shares: a time taken in the bench process can be
 * subtracted from one taken in a worker's child process.
 */
export function nowUs(): number {
  return Number(process.hrtime.bigint() / 1000n);
}
