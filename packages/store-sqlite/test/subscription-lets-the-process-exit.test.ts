import { expect, it, onTestFinished } from 'vitest';
import { runScript } from './helpers/spawn-script.js';
import { tempDir } from './helpers/temp-db.js';

it('a store left subscribed does not keep its process alive (the poll timer is unref’d)', async () => {
  const dir = tempDir();
  onTestFinished(() => dir.remove());
  // Were the PRAGMA data_version timer holding the event loop, the child would never exit.
  const child = await runScript('subscribed-store.ts', [dir.file()]);
  expect([child.code, child.stdout, child.stderr]).toEqual([0, 'subscribed', '']);
});
