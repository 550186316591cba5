import { setTimeout as sleep } from 'node:timers/promises';
import { nowUs } from './clock.js';

/**
 * Makes `count` items eligible one at a time, `rate` per second on a fixed schedule (a late
 * write does not shift the ones after it), each carrying the time its write started.
 */
export async function produceAtRate(
  rate: number,
  count: number,
  produce: (sentAtUs: number) => Promise<void>,
): Promise<void> {
  const intervalMs = 1000 / rate;
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const wait = start + i * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    await produce(nowUs());
  }
}
