import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { useSeededStore } from '../../web/test/support/seeded-store.js';
import { describeEachStore } from '../../web/test/support/store-kinds.js';
import { killRunningTagouts, runTagoutProcess, spawnTagout } from './support/run-tagout.js';

afterAll(killRunningTagouts);

describeEachStore('the tagout process', (kind) => {
  const seeded = useSeededStore(kind);

  it('exits on its own after a read: the engine and its connections are closed', async () => {
    const result = await runTagoutProcess([...seeded.args, 'stats', '--json']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual(await seeded.fleet.engine.stats());
  });

  it('web prints "listening on http://HOST:PORT" first, serves, and exits 0 on SIGTERM', async () => {
    const child = spawnTagout([...seeded.args, 'web', '--port', '0']);
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const lines = createInterface({ input: child.stdout });
    const [first] = await new Promise<string[]>((resolve) => lines.once('line', (line) => resolve([line])));
    expect(first).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
    const page = await fetch(`${first!.slice('listening on '.length)}/machines/${seeded.fleet.failed}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('BMC unreachable');
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});

describe('the tagout process, on a store that does not answer', () => {
  it.each([
    ['postgres', 'postgres://postgres@127.0.0.1:1/test'],
    ['redis', 'redis://127.0.0.1:1'],
  ])('%s: exits 1 with the StoreError message instead of retrying forever', async (_, url) => {
    const result = await runTagoutProcess(['--store', url, '--processes', 'A', 'stats']);
    expect(result).toMatchObject({ code: 1, stdout: '' });
    expect(result.stderr).toMatch(/^tagout: store operation open failed/);
  });
});
