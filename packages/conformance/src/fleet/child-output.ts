import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/** What a child process printed, and its exit code (null when a signal ended it). */
export interface ChildOutput {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Collects a child process's stdout and stderr until it closes.
 * @throws (rejects with) the child's `error` when it could not be spawned.
 */
export function childOutput(child: ChildProcessWithoutNullStreams): Promise<ChildOutput> {
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
