import { type ChildProcess, spawn } from 'node:child_process';

/** A worker script and its arguments, run as `node --import tsx <script> ...args`. */
export interface WorkerScript {
  script: string;
  args: readonly string[];
}

/** A child process of a fleet test. */
export interface WorkerProcess {
  child: ChildProcess;
  /** The non-empty lines it printed to stdout so far. */
  lines: string[];
  /** Settles with the exit code (null when killed by a signal). */
  exited: Promise<number | null>;
}

/** Starts a worker script as a child process; stderr goes to the test's stderr. */
export function startWorkerProcess(worker: WorkerScript): WorkerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', worker.script, ...worker.args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines: string[] = [];
  let partial = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    const parts = (partial + chunk).split('\n');
    partial = parts.pop() ?? '';
    lines.push(...parts.filter((line) => line.length > 0));
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, lines, exited };
}
