import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/busy-worker.ts', import.meta.url));

let child: ChildProcess | undefined;
let dir: string | undefined;

afterEach(() => {
  // A child that ignored SIGTERM (the failure this test guards) must not outlive it.
  if (child !== undefined && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  child = undefined;
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

// Bounded: a worker that starves the event loop never handles SIGTERM, and the test times out.
it('a worker process that never goes idle stops on SIGTERM (the README pattern)', {
  timeout: 30_000,
}, async () => {
  dir = mkdtempSync(join(tmpdir(), 'tagout-runner-sigterm-'));
  const running = spawn(process.execPath, ['--import', 'tsx', FIXTURE, join(dir, 'tagout.db')], {
    cwd: ROOT,
  });
  child = running;
  let stdout = '';
  let stderr = '';
  running.stderr.on('data', (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    running.on('exit', (code, signal) => resolve({ code, signal })),
  );
  await new Promise<void>((resolve, reject) => {
    running.stdout.on('data', (chunk) => {
      stdout += chunk;
      if (stdout.includes('busy\n')) resolve();
    });
    running.on('error', reject);
    void exited.then(() => reject(new Error(`the worker exited before it was busy: ${stderr}`)));
  });
  running.kill('SIGTERM');
  const { code, signal } = await exited;

  expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: '' });
  const stats = JSON.parse(stdout.slice(stdout.indexOf('busy\n') + 5)) as Record<string, number>;
  expect(stats.claimed).toBeGreaterThanOrEqual(100);
  expect(stats.inFlight).toBe(0);
  expect(stats.idlePolls).toBe(0);
});
