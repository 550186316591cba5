import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { childOutput } from '@tagout/conformance';
import type { CliIo } from '../../src/cli-io.js';
import { runCli } from '../../src/run-cli.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../src/bin.ts', import.meta.url));

/** What a `tagout` run printed and returned. */
export interface TagoutResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** How the in-process terminal looks. */
export interface FakeTerminal {
  columns?: number;
  color?: boolean;
  env?: Record<string, string | undefined>;
}

/**
 * Runs `tagout` in this process through `runCli`, with an empty environment (unless given),
 * no colour and an unbounded width (unless given).
 */
export async function tagout(args: readonly string[], terminal: FakeTerminal = {}): Promise<TagoutResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    out: (text) => {
      stdout += text;
    },
    err: (text) => {
      stderr += text;
    },
    columns: terminal.columns ?? Number.POSITIVE_INFINITY,
    color: terminal.color ?? false,
    env: terminal.env ?? {},
    now: Date.now,
    untilStopped: () => new Promise(() => {}),
  };
  const code = await runCli(args, io);
  return { code, stdout, stderr };
}

/** `tagout --json` output parsed, failing with stderr when the command did not exit 0. */
export async function tagoutJson(args: readonly string[]): Promise<unknown> {
  const result = await tagout([...args, '--json']);
  if (result.code !== 0) throw new Error(`tagout ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

const running = new Set<ChildProcessWithoutNullStreams>();

/** Starts the real `tagout` command (`node --import tsx bin.ts`) from the workspace root. */
export function spawnTagout(args: readonly string[]): ChildProcessWithoutNullStreams {
  const child = spawn(process.execPath, ['--import', 'tsx', BIN, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' },
  });
  running.add(child);
  child.on('close', () => running.delete(child));
  return child;
}

/** Kills the `tagout` processes still running (one that never exited failed its test by timing out). */
export function killRunningTagouts(): void {
  for (const child of running) child.kill('SIGKILL');
}

/** Runs the real `tagout` command to its end: it must exit on its own (no open handle). */
export async function runTagoutProcess(args: readonly string[]): Promise<TagoutResult> {
  const { code, stdout, stderr } = await childOutput(spawnTagout(args));
  return { code: code ?? -1, stdout, stderr };
}
