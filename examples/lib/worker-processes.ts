import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TallyCounts } from './tally.js';

/** What a worker child process is told to do (passed as its one argument, JSON). */
export interface WorkerChildConfig {
  path: string;
  sessions: number;
  failureRate: number;
}

/** Messages a worker child sends to its parent. */
export type WorkerChildMessage = { kind: 'tally'; counts: TallyCounts } | { kind: 'error'; message: string };

/** The parent's handle on the worker children. */
export interface WorkerProcesses {
  /** Asks every child to stop after its current items. */
  stop(): void;
  /** Resolves when every child has exited; rejects (after all exited) if one failed. */
  done: Promise<void>;
}

const CHILD_SCRIPT = fileURLToPath(new URL('../fleet-worker.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * Spawns one child process per config (Node with tsx, IPC channel), each running its
 * sessions on its own connection to the same SQLite file. `onTally` receives their counts.
 */
export function spawnWorkerProcesses(
  configs: readonly WorkerChildConfig[],
  onTally: (counts: TallyCounts) => void,
): WorkerProcesses {
  const children = configs.map((config) =>
    spawn(process.execPath, ['--import', 'tsx', CHILD_SCRIPT, JSON.stringify(config)], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const stop = () => {
    for (const child of children) if (child.connected) child.send('stop');
  };
  // One child failing stops the others; `done` settles only once every child has exited.
  const exits = children.map((child) =>
    watch(child, onTally).catch((error: unknown) => {
      stop();
      throw error;
    }),
  );
  const done = Promise.allSettled(exits).then((results) => {
    const failed = results.find((result) => result.status === 'rejected');
    if (failed !== undefined) throw failed.reason;
  });
  return { stop, done };
}

function watch(child: ChildProcess, onTally: (counts: TallyCounts) => void): Promise<void> {
  let failure = '';
  child.on('message', (message: WorkerChildMessage) => {
    if (message.kind === 'tally') onTally(message.counts);
    else failure = message.message;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0 && failure === '') resolve();
      else
        reject(
          new Error(`worker process ${child.pid} ended (${signal ?? `code ${code}`}) ${failure}`.trim()),
        );
    });
  });
}
