import type { Filter } from '@tagout/core';
import { expect, it } from 'vitest';
import { FAILURE_CAUSE } from '../../web/test/support/seed-fleet.js';
import { useSeededStore } from '../../web/test/support/seeded-store.js';
import { describeEachStore } from '../../web/test/support/store-kinds.js';
import { tagout, tagoutJson } from './support/run-tagout.js';

describeEachStore('tagout read commands --json print what the engine answers', (kind) => {
  const seeded = useSeededStore(kind);

  it('machines, filtered or not', async () => {
    expect(await tagoutJson([...seeded.args, 'machines'])).toEqual(
      await seeded.fleet.engine.machines({ limit: 100 }),
    );
    const where: Filter = { has: 'AgentStarted' };
    const filtered = await tagoutJson([
      ...seeded.args,
      'machines',
      '--where',
      JSON.stringify(where),
      '--limit',
      '3',
    ]);
    expect(filtered).toEqual(await seeded.fleet.engine.machines({ where, limit: 3 }));
    expect((filtered as { id: string }[]).map((machine) => machine.id)).toEqual([seeded.fleet.finished]);
  });

  it('machine ID: the machine, its live work, backoffs and last history', async () => {
    const report = await tagoutJson([...seeded.args, 'machine', seeded.fleet.failed]);
    expect(report).toEqual({
      machine: await seeded.fleet.engine.machine(seeded.fleet.failed),
      work: await seeded.fleet.engine.activeWork({ machineId: seeded.fleet.failed }),
      backoffs: await seeded.fleet.engine.backoffs({ machineId: seeded.fleet.failed }),
      history: await seeded.fleet.engine.history({ machineId: seeded.fleet.failed, limit: 20 }),
    });
    expect(report).toMatchObject({
      backoffs: [{ process: 'AgentStart', active: true, cause: FAILURE_CAUSE }],
    });
  });

  it('history, filtered by machine and process', async () => {
    expect(await tagoutJson([...seeded.args, 'history'])).toEqual(
      await seeded.fleet.engine.history({ limit: 100 }),
    );
    const query = { machineId: seeded.fleet.failed, process: 'AgentStart' };
    const events = await tagoutJson([
      ...seeded.args,
      'history',
      '--machine',
      seeded.fleet.failed,
      '--process',
      'AgentStart',
    ]);
    expect(events).toEqual(await seeded.fleet.engine.history({ ...query, limit: 100 }));
    expect((events as { event: string }[]).map((event) => event.event)).toEqual(['Started', 'Failed']);
  });

  it('history pages with --after and --before, and the table shows the ids to page on', async () => {
    const { engine } = seeded.fleet;
    const all = await engine.history();
    expect(all.length).toBeGreaterThanOrEqual(4);
    const second = all[1]!.id;
    const after = await tagoutJson([...seeded.args, 'history', '--after', second]);
    expect(after).toEqual(await engine.history({ after: second }));
    expect(after).toEqual(all.slice(2));
    const last = all.at(-1)!.id;
    const before = await tagoutJson([...seeded.args, 'history', '--before', last, '--limit', '2']);
    expect(before).toEqual(await engine.history({ before: last, limit: 2 }));
    expect(before).toEqual(all.slice(-3, -1));
    const table = await tagout([...seeded.args, 'history', '--after', second]);
    expect(table).toMatchObject({ code: 0, stderr: '' });
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ID\s+AT\s/);
    expect(lines.slice(1).map((line) => line.split(/\s+/)[0])).toEqual(all.slice(2).map((event) => event.id));
  });

  it('backoffs, all or active only', async () => {
    expect(await tagoutJson([...seeded.args, 'backoffs'])).toEqual(await seeded.fleet.engine.backoffs());
    const active = await tagoutJson([...seeded.args, 'backoffs', '--active']);
    expect(active).toEqual(await seeded.fleet.engine.backoffs({ activeOnly: true }));
    expect(active).toMatchObject([{ machineId: seeded.fleet.failed, cause: FAILURE_CAUSE }]);
  });

  it('work and stats', async () => {
    const work = await tagoutJson([...seeded.args, 'work']);
    expect(work).toEqual(await seeded.fleet.engine.activeWork());
    expect(work).toMatchObject([
      { machineId: seeded.fleet.busy, process: 'Recovery', sessionId: seeded.fleet.session.id },
    ]);
    const stats = await tagoutJson([...seeded.args, 'stats']);
    expect(stats).toEqual(await seeded.fleet.engine.stats());
    expect(stats).toMatchObject({
      machines: 5,
      liveWork: { Recovery: 1 },
      activeBackoffs: { AgentStart: 1 },
    });
  });

  it('every read also prints a table (exit 0) showing what matters', async () => {
    const text = async (...command: string[]) => {
      const result = await tagout([...seeded.args, ...command]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      return result.stdout;
    };
    expect(await text('machines')).toContain(seeded.fleet.hostile);
    expect(await text('machine', seeded.fleet.failed)).toContain(FAILURE_CAUSE);
    expect(await text('history', '--process', 'AgentStart')).toContain(FAILURE_CAUSE);
    expect(await text('backoffs', '--active')).toContain(seeded.fleet.failed);
    expect(await text('work')).toContain(seeded.fleet.busy);
    expect(await text('stats')).toMatch(/machines\s+5/);
  });

  it('a filter the engine refuses exits 1 with its ValidationError message', async () => {
    const where = { bogus: 1 };
    const refusal = await seeded.fleet.engine
      .machines({ where: where as unknown as Filter })
      .catch((error) => error);
    expect(refusal).toMatchObject({ code: 'VALIDATION' });
    const result = await tagout([...seeded.args, 'machines', '--where', JSON.stringify(where)]);
    expect(result).toEqual({ code: 1, stdout: '', stderr: `tagout: ${refusal.message}\n` });
  });

  it('migrate brings the store up to date', async () => {
    expect(await tagout([...seeded.args, 'migrate'])).toEqual({
      code: 0,
      stdout: 'store is up to date\n',
      stderr: '',
    });
  });
});
