import { spawn } from 'node:child_process';
import type { Measurement } from './measure.js';

/** Parent → child: start measuring. Child → parent: ready, result or error. */
type ChildMessage =
  | { kind: 'ready' }
  | { kind: 'result'; measurement: Measurement }
  | { kind: 'error'; message: string };

/**
 * Runs `script` in `count` child processes (`node --import tsx script <json>`, IPC
 * channel), each given `args(i)` as JSON. Every child prepares, reports ready, and starts
 * its timed loop only when all are ready, so the loops overlap. Resolves with each
 * child's measurement. The script must call {@link serveMeasurement}.
 * @throws Error when a child fails or exits early.
 */
export async function measureInChildren(
  script: string,
  count: number,
  args: (index: number) => unknown,
): Promise<Measurement[]> {
  const children = Array.from({ length: count }, (_, i) =>
    spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify(args(i))], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  let ready = 0;
  const results = children.map(
    (child) =>
      new Promise<Measurement>((resolve, reject) => {
        child.on('message', (message: ChildMessage) => {
          if (message.kind === 'ready' && ++ready === count) for (const c of children) c.send('go');
          else if (message.kind === 'result') resolve(message.measurement);
          else if (message.kind === 'error')
            reject(new Error(`bench child ${child.pid}: ${message.message}`));
        });
        child.on('error', reject);
        child.on('exit', (code) => reject(new Error(`bench child ${child.pid} exited with code ${code}`)));
      }),
  );
  try {
    return await Promise.all(results);
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
  }
}

/**
 * The child side of {@link measureInChildren}: parses the JSON argument, runs `prepare`,
 * reports ready, waits for the go, runs the measurement it returned, sends the result and
 * closes. Call it once from the child script.
 */
export async function serveMeasurement<A>(
  prepare: (args: A) => Promise<{ run: () => Promise<Measurement>; close: () => Promise<void> }>,
): Promise<void> {
  const send = (message: ChildMessage) =>
    new Promise<void>((resolve) => (process.send ? process.send(message, () => resolve()) : resolve()));
  try {
    const bench = await prepare(JSON.parse(process.argv[2] ?? 'null') as A);
    const go = new Promise<void>((resolve) => process.once('message', () => resolve()));
    await send({ kind: 'ready' });
    await go;
    const measurement = await bench.run();
    await bench.close();
    await send({ kind: 'result', measurement });
  } catch (error) {
    await send({
      kind: 'error',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    });
    process.exitCode = 1;
  } finally {
    process.disconnect?.();
  }
}
