import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type ChildOutput, childOutput } from '@tagout/conformance';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** How a child process ended. */
export type ScriptResult = ChildOutput;

/**
 * Runs a TypeScript fixture in a separate Node process (`node --import tsx`), from the
 * workspace root, and collects its output.
 */
export function runScript(script: string, args: readonly string[]): Promise<ScriptResult> {
  const path = fileURLToPath(new URL(`../fixtures/${script}`, import.meta.url));
  return childOutput(spawn(process.execPath, ['--import', 'tsx', path, ...args], { cwd: ROOT }));
}
