import { StoreError } from '@tagout/core';
import { describe, expect, it, onTestFinished } from 'vitest';
import { openDiskScene } from './helpers/disk-scene.js';
import { smallDisksAvailable } from './helpers/small-disk.js';
import { dumpTables } from './helpers/table-dump.js';

describe.skipIf(!smallDisksAvailable())('SQLite on a disk with four free blocks', () => {
  it('a transition that needs more pages than fit is refused whole; one that fits is applied', async () => {
    const scene = await openDiskScene();
    onTestFinished(() => scene.close());
    const { disk, engine, reported, session, toFinish, toFail, toCancel } = scene;
    const rows = dumpTables(scene.inspector);

    // 4 blocks of 4 KiB hold the WAL header and 3 frames of one 4 KiB page each (32 + 3 × 4120
    // bytes), not 4. Each of these writes 6 to 8 pages (work, history and its indexes, the
    // token counter, backoffs or tags); done statement by statement, the first would fit.
    disk.fill({ leaveBlocks: 4 });
    for (const write of [
      () => toFinish.finish({ setTags: { Done: true } }),
      () => toFail.fail('no power'),
      () => session.work('Provision', { where: { has: 'Provided' } }),
    ]) {
      await expect(write()).rejects.toSatisfy(
        (error) => error instanceof StoreError && (error.cause as { code: string }).code === 'SQLITE_FULL',
      );
    }
    await toCancel.cancel();
    expect(toCancel.done).toBe(false);
    // The refused claim retired the session (its outcome counts as unknown); its background
    // close and the cancel were refused too, and both were reported.
    expect(session.expired).toBe(true);
    expect(reported.length).toBeGreaterThanOrEqual(1);
    expect(reported.every((error) => error instanceof StoreError)).toBe(true);
    expect(dumpTables(scene.inspector)).toEqual(rows);

    // Creating a machine writes 2 pages: it fits, and is applied.
    const created = await engine.createMachine();
    expect(await engine.machine(created.id)).toEqual(created);
    console.log(
      'sqlite, 4 blocks left: finish, fail, claim and cancel refused whole (SQLITE_FULL), database unchanged; ' +
        'a createMachine that fits applied',
    );
  });
});
