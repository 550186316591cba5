import { afterAll, expect, it } from 'vitest';
import { killRunningTagouts, spawnTagout } from './support/run-tagout.js';

afterAll(killRunningTagouts);

it('exits 0 without a word on stderr when the reader of its output goes away (EPIPE)', async () => {
  const child = spawnTagout(['--help']);
  // The read end of the pipe is closed before tagout writes: every write of its fails with EPIPE,
  // as when `tagout --help | head -1` has its line and head exits.
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
  });

  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
});
