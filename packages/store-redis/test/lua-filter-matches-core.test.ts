import {
  canonicalJson,
  compileFilter,
  type Filter,
  type Json,
  type Machine,
  manualClock,
  matchesFilter,
} from '@tagout/core';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisStore } from '../src/index.js';
import { dropRedisNamespace, randomPrefix, redisAvailable, testClient } from './helpers/redis-env.js';

const available = await redisAvailable();

const NAMES = ['a', 'b', 'a:b', 'ti:a', '__proto__x'] as const;
const KEYS = ['x', 'y', '', 'a"b', 'é'] as const;

const name = fc.constantFrom(...NAMES);
const leaf: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(null, true, false, 0, -0, 1, 1.5, 1e21, 100, '1', '', 'x', [], {}),
  fc.integer({ min: -3, max: 3 }),
);
const value: fc.Arbitrary<Json> = fc.letrec<{ v: Json }>((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.array(tie('v'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('v'), { maxKeys: 3 }),
  ),
})).v;
const path = fc.array(fc.constantFrom(...KEYS.filter((key) => key !== '')), { maxLength: 3 });
const filter: fc.Arbitrary<Filter> = fc.letrec<{ f: Filter }>((tie) => ({
  f: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    name.map((tag) => ({ has: tag })),
    name.map((tag) => ({ lacks: tag })),
    fc.record({ tag: name, path, equals: value }),
    fc.record({ tag: name, olderThanMs: fc.integer({ min: 0, max: 3000 }) }),
    fc.record({ tag: name, newerThanMs: fc.integer({ min: 0, max: 3000 }) }),
    fc.array(tie('f'), { maxLength: 3 }).map((filters) => ({ and: filters })),
    fc.array(tie('f'), { maxLength: 3 }).map((filters) => ({ or: filters })),
    tie('f').map((inner) => ({ not: inner })),
  ),
})).f;
const tags = fc.dictionary(name, value, { maxKeys: 4 });

describe.skipIf(!available)('Lua filter evaluation agrees with core matchesFilter', () => {
  const client = testClient();
  const prefix = randomPrefix('filter');
  const store = createRedisStore({ client, prefix });
  afterAll(async () => {
    await dropRedisNamespace(client, prefix);
    client.disconnect();
  });

  it('lists exactly the machines core says match, at random times', async () => {
    const clock = manualClock();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ tags, age: fc.integer({ min: 0, max: 4000 }) }), { minLength: 1, maxLength: 6 }),
        filter,
        async (specs, where) => {
          await dropRedisNamespace(client, prefix);
          const start = clock.now();
          const machines: Machine[] = [];
          for (const spec of specs) {
            const canonical = Object.fromEntries(
              Object.entries(spec.tags).map(([k, v]) => [k, canonicalJson(v)]),
            );
            const id = crypto.randomUUID();
            const created = await store.createMachine({ id, tags: canonical, now: start - spec.age });
            // As stored: the machine core matches is the one Lua reads.
            const machine = created.ok ? await store.getMachine({ machineId: id }) : null;
            if (machine !== null) machines.push(machine);
          }
          const compiled = compileFilter(where);
          const expected = machines
            .filter((machine) => matchesFilter(compiled, machine, start))
            .sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1))
            .map((machine) => machine.id);
          const listed = await store.listMachines({ filter: compiled, limit: 100, now: start });
          expect(listed.map((machine) => machine.id)).toEqual(expected);
          clock.advance(1);
        },
      ),
      { numRuns: Number(process.env.TAGOUT_FC_RUNS ?? 200) },
    );
  });
});
