import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Finished, FromChild, Mark, ToChild } from './child-protocol.js';
import type { PeerContext } from './system.js';

const CHILD_SCRIPT = fileURLToPath(new URL('./child.ts', import.meta.url));
/** How long a child may take to exit after reporting `stopped` before it is killed. */
const EXIT_GRACE_MS = 5000;

type Kind = FromChild['kind'];
type Reply<K extends Kind> = Extract<FromChild, { kind: K }>;

/**
 * The bench process's handle on one worker child (`node --import tsx child.ts`, IPC): open a
 * system's consumer, start it, mark CPU, stop. Replies are matched by kind, so a `finished`
 * that arrives before `started` is kept until asked for.
 */
export class WorkerChild {
  readonly #child: ChildProcess;
  readonly #arrived = new Map<Kind, FromChild>();
  readonly #waiting = new Map<Kind, { resolve: (m: FromChild) => void; reject: (e: Error) => void }>();
  readonly #exited: Promise<void>;
  #failure: Error | undefined;

  private constructor(child: ChildProcess) {
    this.#child = child;
    child.on('message', (message: FromChild) => this.#receive(message));
    this.#exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        this.#fail(new Error(`worker child ${child.pid} exited (${signal ?? code})`));
        resolve();
      }),
    );
  }

  /** Starts a child process and opens `system`'s consumer in it with `context`. */
  static async open(system: string, context: PeerContext): Promise<WorkerChild> {
    const child = new WorkerChild(
      spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT], {
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      }),
    );
    try {
      await child.#request({ kind: 'open', system, context }, 'opened');
    } catch (error) {
      await child.kill();
      throw error;
    }
    return child;
  }

  /**
   * Starts the consumer. Resolves once it started; `finished()` then resolves after `expect`
   * items (never when null) or `deadlineMs`, timing from the `warmup`-th item.
   */
  async start(options: { expect: number | null; warmup?: number; deadlineMs: number }): Promise<void> {
    await this.#request({ kind: 'start', warmup: 0, ...options }, 'started');
  }

  /** Has the child make `count` items eligible itself, `rate` per second (`Consumer.produce`). */
  produce(rate: number, count: number): void {
    this.#child.send({ kind: 'produce', rate, count } satisfies ToChild);
  }

  /** The child's `finished` report. */
  finished(): Promise<Finished> {
    return this.#next('finished');
  }

  /** The child's CPU so far and the system's counters. */
  mark(): Promise<Mark> {
    return this.#request({ kind: 'mark' }, 'mark');
  }

  /** Stops the consumer gracefully and waits for the child to exit; resolves to the items it saw. */
  async stop(): Promise<number> {
    const { items } = await this.#request({ kind: 'stop' }, 'stopped');
    const timer = setTimeout(() => this.#child.kill('SIGKILL'), EXIT_GRACE_MS);
    await this.#exited;
    clearTimeout(timer);
    return items;
  }

  /** Kills the child (after a failure) and waits for it to exit. */
  async kill(): Promise<void> {
    if (this.#child.exitCode === null && this.#child.signalCode === null) this.#child.kill('SIGKILL');
    await this.#exited;
  }

  #request<K extends Kind>(message: ToChild, reply: K): Promise<Reply<K>> {
    const next = this.#next(reply);
    this.#child.send(message);
    return next;
  }

  #next<K extends Kind>(kind: K): Promise<Reply<K>> {
    const arrived = this.#arrived.get(kind);
    if (arrived !== undefined) {
      this.#arrived.delete(kind);
      return Promise.resolve(arrived as Reply<K>);
    }
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) =>
      this.#waiting.set(kind, { resolve: (m) => resolve(m as Reply<K>), reject }),
    );
  }

  #receive(message: FromChild): void {
    if (message.kind === 'error') {
      this.#fail(new Error(`worker child ${this.#child.pid}: ${message.message}`));
      return;
    }
    const waiter = this.#waiting.get(message.kind);
    if (waiter === undefined) this.#arrived.set(message.kind, message);
    else {
      this.#waiting.delete(message.kind);
      waiter.resolve(message);
    }
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const waiter of this.#waiting.values()) waiter.reject(this.#failure);
    this.#waiting.clear();
  }
}
