import { checkExclusivity, readAllHistory } from '@tagout/conformance';
import { openEngine } from '@tagout/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/index.js';
import { runScript } from './helpers/spawn-script.js';
import { type TempDir, tempDir } from './helpers/temp-db.js';

const MACHINES = 500;

describe('two processes on one SQLite file', () => {
  let dir: TempDir;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => dir.remove());

  it('work through 500 machines with no pair ever held twice, each finished exactly once', async () => {
    const seeding = await openEngine({
      store: createSqliteStore({ path: dir.file() }),
      processes: ['Provision'],
    });
    const ids: string[] = [];
    for (let i = 0; i < MACHINES; i++) {
      ids.push((await seeding.createMachine({ tags: { Provided: { provider: 'test', n: i } } })).id);
    }
    await seeding.close();

    const started = performance.now();
    const runs = await Promise.all(
      ['left', 'right'].map((name) => runScript('fleet-worker.ts', [dir.file(), name])),
    );
    console.info(
      `two-process run: ${Math.round(performance.now() - started)} ms`,
      runs.map((r) => r.stdout),
    );

    expect(runs.map((r) => [r.code, r.stderr])).toEqual([
      [0, ''],
      [0, ''],
    ]);
    const stats = runs.map((r) => JSON.parse(r.stdout) as Record<string, number>);
    const sum = (key: string) => stats.reduce((total, s) => total + (s[key] ?? 0), 0);
    expect(sum('finished')).toBe(MACHINES);
    expect(sum('zombiesRefused')).toBe(sum('abandoned'));
    // Both processes took part.
    expect(stats.every((s) => (s.finished ?? 0) > 0)).toBe(true);

    const engine = await openEngine({
      store: createSqliteStore({ path: dir.file() }),
      processes: ['Provision'],
    });
    const history = await readAllHistory(engine);
    expect(checkExclusivity(history).problems).toEqual([]);
    const finished = history.filter((e) => e.event === 'Finished').map((e) => e.machineId);
    expect(finished.sort()).toEqual([...ids].sort());
    const last = new Map(history.map((e) => [e.machineId, e.event]));
    expect([...last.values()].every((event) => event === 'Finished')).toBe(true);
    const count = (event: string) => history.filter((e) => e.event === event).length;
    expect(count('Failed')).toBe(sum('failed'));
    // Abandoned work ends Expired; so would work of a session that stalled past its deadline.
    expect(count('Canceled') + count('Expired')).toBe(sum('canceled') + sum('abandoned') + sum('lost'));
    expect(count('Expired')).toBeGreaterThanOrEqual(sum('abandoned'));
    expect(await engine.machines({ where: { or: [{ lacks: 'Done' }, { has: 'Zombie' }] } })).toEqual([]);
    expect(await engine.activeWork()).toEqual([]);
    await engine.close();
  });
});
