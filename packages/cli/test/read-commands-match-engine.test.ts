import type { Filter } from '@tagout/core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { FAILURE_CAUSE, PROCESSES, type SeededFleet, seedFleet } from '../../web/test/support/seed-fleet.js';
import { describeEachStore, type StoreFixture } from '../../web/test/support/store-kinds.js';
import { tagout, tagoutJson } from './support/run-tagout.js';

describeEachStore('tagout read commands --json print what the engine answers', (kind) => {
  let fixture: StoreFixture;
  let fleet: SeededFleet;
  let args: string[];

  beforeAll(async () => {
    fixture = await kind.create();
    fleet = await seedFleet(fixture.createStore());
    args = [...fixture.args, '--processes', PROCESSES.join(',')];
  });
  afterAll(async () => {
    await fleet?.engine.close();
    await fixture?.drop();
  });

  it('machines, filtered or not', async () => {
    expect(await tagoutJson([...args, 'machines'])).toEqual(await fleet.engine.machines({ limit: 100 }));
    const where: Filter = { has: 'AgentStarted' };
    const filtered = await tagoutJson([
      ...args,
      'machines',
      '--where',
      JSON.stringify(where),
      '--limit',
      '3',
    ]);
    expect(filtered).toEqual(await fleet.engine.machines({ where, limit: 3 }));
    expect((filtered as { id: string }[]).map((machine) => machine.id)).toEqual([fleet.finished]);
  });

  it('machine ID: the machine, its live work, backoffs and last history', async () => {
    const report = await tagoutJson([...args, 'machine', fleet.failed]);
    expect(report).toEqual({
      machine: await fleet.engine.machine(fleet.failed),
      work: await fleet.engine.activeWork({ machineId: fleet.failed }),
      backoffs: await fleet.engine.backoffs({ machineId: fleet.failed }),
      history: await fleet.engine.history({ machineId: fleet.failed, limit: 20 }),
    });
    expect(report).toMatchObject({
      backoffs: [{ process: 'AgentStart', active: true, cause: FAILURE_CAUSE }],
    });
  });

  it('history, filtered by machine and process', async () => {
    expect(await tagoutJson([...args, 'history'])).toEqual(await fleet.engine.history({ limit: 100 }));
    const query = { machineId: fleet.failed, process: 'AgentStart' };
    const events = await tagoutJson([
      ...args,
      'history',
      '--machine',
      fleet.failed,
      '--process',
      'AgentStart',
    ]);
    expect(events).toEqual(await fleet.engine.history({ ...query, limit: 100 }));
    expect((events as { event: string }[]).map((event) => event.event)).toEqual(['Started', 'Failed']);
  });

  it('backoffs, all or active only', async () => {
    expect(await tagoutJson([...args, 'backoffs'])).toEqual(await fleet.engine.backoffs());
    const active = await tagoutJson([...args, 'backoffs', '--active']);
    expect(active).toEqual(await fleet.engine.backoffs({ activeOnly: true }));
    expect(active).toMatchObject([{ machineId: fleet.failed, cause: FAILURE_CAUSE }]);
  });

  it('work and stats', async () => {
    const work = await tagoutJson([...args, 'work']);
    expect(work).toEqual(await fleet.engine.activeWork());
    expect(work).toMatchObject([{ machineId: fleet.busy, process: 'Recovery', sessionId: fleet.session.id }]);
    const stats = await tagoutJson([...args, 'stats']);
    expect(stats).toEqual(await fleet.engine.stats());
    expect(stats).toMatchObject({
      machines: 5,
      liveWork: { Recovery: 1 },
      activeBackoffs: { AgentStart: 1 },
    });
  });

  it('every read also prints a table (exit 0) showing what matters', async () => {
    const text = async (...command: string[]) => {
      const result = await tagout([...args, ...command]);
      expect(result).toMatchObject({ code: 0, stderr: '' });
      return result.stdout;
    };
    expect(await text('machines')).toContain(fleet.hostile);
    expect(await text('machine', fleet.failed)).toContain(FAILURE_CAUSE);
    expect(await text('history', '--process', 'AgentStart')).toContain(FAILURE_CAUSE);
    expect(await text('backoffs', '--active')).toContain(fleet.failed);
    expect(await text('work')).toContain(fleet.busy);
    expect(await text('stats')).toMatch(/machines\s+5/);
  });

  it('a filter the engine refuses exits 1 with its ValidationError message', async () => {
    const where = { bogus: 1 };
    const refusal = await fleet.engine
      .machines({ where: where as unknown as Filter })
      .catch((error) => error);
    expect(refusal).toMatchObject({ code: 'VALIDATION' });
    const result = await tagout([...args, 'machines', '--where', JSON.stringify(where)]);
    expect(result).toEqual({ code: 1, stdout: '', stderr: `tagout: ${refusal.message}\n` });
  });

  it('migrate brings the store up to date', async () => {
    expect(await tagout([...args, 'migrate'])).toEqual({
      code: 0,
      stdout: 'store is up to date\n',
      stderr: '',
    });
  });
});
