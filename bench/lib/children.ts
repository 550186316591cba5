import { type ChildProcess, spawn } from 'node:child_process';
import type { Measurement } from './measure.js';

/** Parent → child. */
type ParentMessage = { kind: 'prepare'; args: unknown } | { kind: 'go' } | { kind: 'exit' };
/** Child → parent. */
type ChildMessage =
  | { kind: 'ready' }
  | { kind: 'result'; measurement: Measurement }
  | { kind: 'error'; message: string };

/**
 * A set of long-lived bench child processes (`node --import tsx script`, IPC channel),
 * spawned once and reused for every measurement, so process start-up stays out of the
 * run time. The script must call {@link serveMeasurements}.
 */
export class ChildPool {
  readonly #children: ChildProcess[];
  readonly #exits: Promise<void>[];

  private constructor(children: ChildProcess[]) {
    this.#children = children;
    this.#exits = children.map((child) => new Promise((resolve) => child.once('exit', () => resolve())));
  }

  /** Spawns `count` children running `script`. */
  static start(script: string, count: number): ChildPool {
    return new ChildPool(
      Array.from({ length: count }, () =>
        spawn(process.execPath, ['--import', 'tsx', script], {
          stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        }),
      ),
    );
  }

  /** How many children the pool has. */
  get size(): number {
    return this.#children.length;
  }

  /**
   * Runs one measurement on the first `count` children at once: each prepares with
   * `args(i)`, and all start their timed loops together once every one is ready.
   * @throws Error when a child reports an error or exits.
   */
  async measure(count: number, args: (index: number) => unknown): Promise<Measurement[]> {
    const children = this.#children.slice(0, count);
    const readies = children.map((child, i) =>
      this.#next(child, 'ready', { kind: 'prepare', args: args(i) }),
    );
    await Promise.all(readies);
    return Promise.all(
      children.map(async (child) => {
        const reply = await this.#next(child, 'result', { kind: 'go' });
        return (reply as Extract<ChildMessage, { kind: 'result' }>).measurement;
      }),
    );
  }

  /** Tells every child to exit and waits for them. */
  async close(): Promise<void> {
    for (const child of this.#children) {
      if (child.connected) child.send({ kind: 'exit' } satisfies ParentMessage);
      else if (child.exitCode === null) child.kill();
    }
    await Promise.all(this.#exits);
  }

  #next(child: ChildProcess, kind: ChildMessage['kind'], send: ParentMessage): Promise<ChildMessage> {
    return new Promise((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`bench child ${child.pid} exited (${code})`));
      const onMessage = (message: ChildMessage) => {
        child.off('exit', onExit);
        if (message.kind === kind) resolve(message);
        else if (message.kind === 'error') reject(new Error(`bench child ${child.pid}: ${message.message}`));
        else reject(new Error(`bench child ${child.pid}: unexpected ${message.kind}`));
      };
      child.once('message', onMessage);
      child.once('exit', onExit);
      child.send(send);
    });
  }
}

/** What a child prepares for one measurement. */
export interface PreparedMeasurement {
  run: () => Promise<Measurement>;
  close: () => Promise<void>;
}

/**
 * The child side of {@link ChildPool}: for every `prepare` message runs `prepare(args)`,
 * reports ready, runs the measurement on `go`, closes it and sends the result; exits on
 * `exit`. Call it once from the child script.
 */
export function serveMeasurements<A>(prepare: (args: A) => Promise<PreparedMeasurement>): void {
  const send = (message: ChildMessage) => process.send?.(message);
  let current: PreparedMeasurement | undefined;
  const handle = async (message: ParentMessage) => {
    if (message.kind === 'exit') {
      process.disconnect?.();
      return;
    }
    try {
      if (message.kind === 'prepare') {
        current = await prepare(message.args as A);
        send({ kind: 'ready' });
      } else if (current !== undefined) {
        const bench = current;
        current = undefined;
        const measurement = await bench.run();
        await bench.close();
        send({ kind: 'result', measurement });
      }
    } catch (error) {
      send({
        kind: 'error',
        message: error instanceof Error ? (error.stack ?? error.message) : String(error),
      });
    }
  };
  process.on('message', (message: ParentMessage) => void handle(message));
}
