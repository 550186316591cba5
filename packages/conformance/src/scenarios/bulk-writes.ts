import {
  type CreateMachineInput,
  LIMITS,
  MachineExistsError,
  NotFoundError,
  type SetTagsManyEntry,
  ValidationError,
} from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceOptions, readState, rejection, useTestEngine } from '../harness.js';

/** Anything, typed as whatever the call wants: bad input on purpose. */
const bad = <T>(value: unknown): T => value as T;

const ID = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

/** `count` machines with ids ID(first..), each with `tagsEach` tags. */
function inputs(count: number, tagsEach: number, first = 1): CreateMachineInput[] {
  return Array.from({ length: count }, (_, i) => ({
    id: ID(first + i),
    tags: Object.fromEntries(Array.from({ length: tagsEach }, (_, k) => [`t${k}`, { n: first + i, k }])),
  }));
}

/** Bulk writes: many machines in one store call, all or nothing. */
export function describeBulkWrites(options: ConformanceOptions): void {
  describe('bulk writes', () => {
    it('createMachines creates every machine at one instant and returns them in input order', async () => {
      const t = await useTestEngine(options);
      const given = ID(9).toUpperCase();
      const created = await t.engine.createMachines([
        { id: given, tags: { Provided: { provider: 'p' } } },
        { tags: { HardwareReport: [1, 2] } },
        {},
      ]);

      const now = t.clock.now();
      expect(created).toHaveLength(3);
      expect(created[0]).toStrictEqual({
        id: ID(9),
        createdAt: now,
        tags: { Provided: { value: { provider: 'p' }, updatedAt: now } },
      });
      expect(created[1]).toMatchObject({ createdAt: now, tags: { HardwareReport: { value: [1, 2] } } });
      expect(created[2]).toMatchObject({ createdAt: now, tags: {} });
      const byId = [...created].sort((a, b) => (a.id < b.id ? -1 : 1));
      expect(await t.engine.machines()).toStrictEqual(byId);
      expect(await t.engine.createMachines([])).toStrictEqual([]);
    });

    it(`writes a full batch: ${LIMITS.bulkWrite} machines with ${LIMITS.bulkWriteTags} tags, then as many tag writes`, async () => {
      const t = await useTestEngine(options);
      const tagsEach = LIMITS.bulkWriteTags / LIMITS.bulkWrite;
      const created = await t.engine.createMachines(inputs(LIMITS.bulkWrite, tagsEach));
      expect(await t.engine.machines({ limit: LIMITS.bulkWrite + 1 })).toStrictEqual(created);

      t.clock.advance(1_000);
      await t.engine.setTagsMany(
        created.map((machine, i) => ({ machineId: machine.id, tags: { t0: 'again', Extra: i } })),
      );
      const [first] = await t.engine.machines({ limit: 1 });
      expect(first?.tags.t0).toStrictEqual({ value: 'again', updatedAt: t.clock.now() });
      expect(first?.tags.t1).toStrictEqual(created[0]?.tags.t1);
      expect((await t.engine.stats()).tags).toMatchObject({ Extra: LIMITS.bulkWrite, t0: LIMITS.bulkWrite });
    });

    it('createMachines with an existing id creates nothing and names the first such id', async () => {
      const t = await useTestEngine(options);
      await t.engine.createMachines(inputs(2, 1, 5));
      const before = await readState(t.engine);

      const error = await rejection(t.engine.createMachines(inputs(8, 2, 1)));

      expect(error).toBeInstanceOf(MachineExistsError);
      expect(error).toMatchObject({ machineId: ID(5) });
      expect(await readState(t.engine)).toStrictEqual(before);
    });

    it('setTagsMany upserts on every machine; one missing machine writes nothing and is named', async () => {
      const t = await useTestEngine(options);
      const [a, b] = await t.engine.createMachines(inputs(2, 1));
      t.clock.advance(1_000);
      await t.engine.setTagsMany([
        { machineId: b!.id, tags: { t0: 'b', New: true } },
        { machineId: a!.id.toUpperCase(), tags: {} },
      ]);
      const now = t.clock.now();
      expect(await t.engine.machine(b!.id)).toStrictEqual({
        ...b,
        tags: { t0: { value: 'b', updatedAt: now }, New: { value: true, updatedAt: now } },
      });
      expect(await t.engine.machine(a!.id)).toStrictEqual(a);
      const before = await readState(t.engine);

      t.clock.advance(1_000);
      const error = await rejection(
        t.engine.setTagsMany([
          { machineId: a!.id, tags: { t0: 'lost' } },
          { machineId: ID(77), tags: {} },
          { machineId: ID(78), tags: {} },
        ]),
      );

      expect(error).toBeInstanceOf(NotFoundError);
      expect((error as Error).message).toContain(ID(77));
      expect(await readState(t.engine)).toStrictEqual(before);
    });

    it('a claim by filter sees tags setTagsMany wrote', async () => {
      const t = await useTestEngine(options);
      const machines = await t.engine.createMachines(inputs(3, 0));
      const session = await t.session();
      expect(await session.work('Install', { where: { has: 'Ready' } })).toBeNull();

      await t.engine.setTagsMany([{ machineId: machines[1]!.id, tags: { Ready: true } }]);

      const work = await session.work('Install', { where: { has: 'Ready' } });
      expect(work?.machine.id).toBe(machines[1]!.id);
    });

    const tooManyTags = Math.floor(LIMITS.bulkWriteTags / LIMITS.tagsPerWrite) + 1;
    const BAD: [string, unknown][] = [
      ['not an array', { id: ID(1) }],
      [`more than ${LIMITS.bulkWrite} entries`, inputs(LIMITS.bulkWrite + 1, 0, 100)],
      ['an id twice', [{ id: ID(100) }, { id: ID(101) }, { id: ID(100).toUpperCase() }]],
      ['a bad id last', [...inputs(3, 1, 100), { id: 'm-1' }]],
      ['a bad tag value last', [...inputs(3, 1, 100), { id: ID(200), tags: { a: Number.NaN } }]],
      ['an unknown key', [{ id: ID(100), extra: 1 }]],
      ['a null entry', [{ id: ID(100) }, null, { id: ID(101) }]],
      [`more than ${LIMITS.bulkWriteTags} tags in all`, inputs(tooManyTags, LIMITS.tagsPerWrite, 100)],
      [
        `more than ${LIMITS.bulkWriteBytes} bytes of tags in all`,
        inputs(Math.ceil(LIMITS.bulkWriteBytes / 32_000), 1, 100).map((input, i) => ({
          ...input,
          tags: { big: `${i}${'x'.repeat(32_000)}` },
        })),
      ],
    ];

    it.each(BAD)('createMachines refuses %s with ValidationError, nothing changed', async (_, value) => {
      const t = await useTestEngine(options);
      await t.engine.createMachines(inputs(2, 1, 100));
      const before = await readState(t.engine);
      const error = await rejection(t.engine.createMachines(bad<CreateMachineInput[]>(value)));
      expect(error).toBeInstanceOf(ValidationError);
      expect(await readState(t.engine)).toStrictEqual(before);
    });

    it.each(BAD)('setTagsMany refuses %s with ValidationError, nothing changed', async (_, value) => {
      const t = await useTestEngine(options);
      await t.engine.createMachines(inputs(LIMITS.bulkWrite, 0, 100));
      const before = await readState(t.engine);
      // The same entries with `machineId` for `id`.
      const entries = Array.isArray(value)
        ? value.map((input: unknown) => {
            if (input === null || typeof input !== 'object') return input;
            const { id, ...rest } = input as { id?: unknown };
            return { machineId: id, ...rest };
          })
        : value;
      const error = await rejection(t.engine.setTagsMany(bad<SetTagsManyEntry[]>(entries)));
      expect(error).toBeInstanceOf(ValidationError);
      expect(await readState(t.engine)).toStrictEqual(before);
    });
  });
}
