import {
  canonicalJson,
  type Json,
  MANUAL_CLOCK_START_MS,
  type Machine,
  matchesFilter,
  type StoreFilter,
} from '@tagout/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSqliteStore } from '../src/index.js';

const NOW = MANUAL_CLOCK_START_MS + 10_000;
const TAG_NAMES = ['a', 'b', 'c'] as const;
/** Object keys and path segments, including ones SQLite's JSON path syntax must quote or escape. */
const KEYS = ['k', 'l', '0', 'a"b', 'c\\d', 'x.y', '$', 'e f', '[0]', '\n', 'é', '😀', '\ud800'];
const MS = [0, 1000, 4000, 5000, 10_000];

const jsonValue: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Json>(
      null,
      true,
      false,
      0,
      1,
      -0,
      0.1,
      -5,
      1e21,
      1e-7,
      2 ** 53 + 2,
      'x',
      '',
      'a"b',
      '\u0001',
    ),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 3, unit: 'binary' }),
    fc.array(tie('value'), { maxLength: 2 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 3 }),
  ),
})).value;

const machineTags = fc.dictionary(
  fc.constantFrom(...TAG_NAMES),
  fc.record({
    value: fc.oneof(
      jsonValue,
      fc.dictionary(fc.constantFrom(...KEYS), jsonValue, { minKeys: 1, maxKeys: 3 }),
    ),
    age: fc.constantFrom(...MS),
  }),
  { maxKeys: 3 },
);

/**
 * A filter as generated: like StoreFilter, plus `equals-seen`, which becomes an `equals`
 * of a value (at a path) that some seeded machine really has, so equality matches often.
 */
type FilterSpec =
  | Exclude<StoreFilter, { kind: 'and' | 'or' | 'not' }>
  | { kind: 'equals-seen'; tag: string; pick: number }
  | { kind: 'and' | 'or'; filters: FilterSpec[] }
  | { kind: 'not'; filter: FilterSpec };

const filterSpec: fc.Arbitrary<FilterSpec> = fc.letrec<{ filter: FilterSpec }>((tie) => {
  const tag = fc.constantFrom(...TAG_NAMES);
  return {
    filter: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      tag.map((t): FilterSpec => ({ kind: 'has', tag: t })),
      tag.map((t): FilterSpec => ({ kind: 'lacks', tag: t })),
      fc.record({ tag, path: fc.array(fc.constantFrom(...KEYS), { maxLength: 2 }), value: jsonValue }).map(
        ({ tag: t, path, value }): FilterSpec => ({
          kind: 'equals',
          tag: t,
          path,
          json: canonicalJson(value),
        }),
      ),
      fc
        .record({ tag, pick: fc.nat() })
        .map(({ tag: t, pick }): FilterSpec => ({ kind: 'equals-seen', tag: t, pick })),
      fc
        .record({ tag, ms: fc.constantFrom(...MS) })
        .map(({ tag: t, ms }): FilterSpec => ({ kind: 'older', tag: t, ms })),
      fc
        .record({ tag, ms: fc.constantFrom(...MS) })
        .map(({ tag: t, ms }): FilterSpec => ({ kind: 'newer', tag: t, ms })),
      fc.array(tie('filter'), { maxLength: 3 }).map((filters): FilterSpec => ({ kind: 'and', filters })),
      fc.array(tie('filter'), { maxLength: 3 }).map((filters): FilterSpec => ({ kind: 'or', filters })),
      tie('filter').map((inner): FilterSpec => ({ kind: 'not', filter: inner })),
    ),
  };
}).filter;

/** Every (path, value) inside `value` reachable through object keys, the root included. */
function parts(value: Json, path: string[] = []): [string[], Json][] {
  const found: [string[], Json][] = [[path, value]];
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, child] of Object.entries(value)) found.push(...parts(child, [...path, key]));
  }
  return found;
}

/** Turns a generated spec into a filter, resolving `equals-seen` against the machines. */
function resolve(spec: FilterSpec, machines: readonly Machine[]): StoreFilter {
  switch (spec.kind) {
    case 'equals-seen': {
      const seen = machines.flatMap((m) => {
        const tag = m.tags[spec.tag];
        return tag === undefined ? [] : parts(tag.value);
      });
      // Half the picks go below the root, where paths are exercised.
      const deep = seen.filter(([path]) => path.length > 0);
      const pool = spec.pick % 2 === 0 && deep.length > 0 ? deep : seen;
      const [path, value] = pool[Math.floor(spec.pick / 2) % Math.max(pool.length, 1)] ?? [[], null];
      return { kind: 'equals', tag: spec.tag, path, json: canonicalJson(value) };
    }
    case 'and':
    case 'or':
      return { kind: spec.kind, filters: spec.filters.map((child) => resolve(child, machines)) };
    case 'not':
      return { kind: 'not', filter: resolve(spec.filter, machines) };
    default:
      return spec;
  }
}

/**
 * Seeds a fresh store with machines whose tags were written `age` ms before NOW, and
 * returns the same machines as the reference sees them.
 */
async function seed(
  store: ReturnType<typeof createSqliteStore>,
  specs: (typeof machineTags extends fc.Arbitrary<infer T> ? T : never)[],
) {
  const machines: Machine[] = [];
  for (const [i, spec] of specs.entries()) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    await store.createMachine({ id, tags: {}, now: MANUAL_CLOCK_START_MS });
    const tags: Machine['tags'] = {};
    for (const [name, { value, age }] of Object.entries(spec)) {
      await store.setTags({ machineId: id, tags: { [name]: canonicalJson(value) }, now: NOW - age });
      tags[name] = { value, updatedAt: NOW - age };
    }
    machines.push({ id, createdAt: MANUAL_CLOCK_START_MS, tags });
  }
  return machines;
}

describe('the SQL of a filter agrees with matchesFilter', () => {
  it('listMachines and claims by filter select exactly the machines matchesFilter accepts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(machineTags, { maxLength: 6 }),
        fc.array(filterSpec, { minLength: 1, maxLength: 4 }),
        async (specs, filterSpecs) => {
          const store = createSqliteStore();
          await store.open();
          try {
            const machines = await seed(store, specs);
            for (const f of filterSpecs.map((spec) => resolve(spec, machines))) {
              const expected = machines.filter((m) => matchesFilter(f, m, NOW)).map((m) => m.id);
              const listed = await store.listMachines({ filter: f, limit: 100, now: NOW });
              expect(listed.map((m) => m.id)).toEqual(expected);

              const session = { id: crypto.randomUUID() };

              await store.createSession({
                ...session,
                component: 'property',
                runtimeInfo: '',
                intervalMs: 60_000,
                retentionMs: 0,
                now: NOW,
              });
              const claimed: string[] = [];
              for (;;) {
                const result = await store.claim({
                  sessionId: session.id,
                  process: 'P',
                  blockers: ['P'],
                  target: { filter: f },
                  now: NOW,
                });
                if (!result.ok) {
                  expect(result.reason).toBe('nothing');
                  break;
                }
                claimed.push(result.work.machine.id);
              }
              expect([...claimed].sort()).toEqual([...expected].sort());
              await store.closeSession({ sessionId: session.id, now: NOW });
            }
          } finally {
            await store.close();
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  const value = {
    s: 'text',
    n: 1.5,
    i: -3,
    t: true,
    f: false,
    z: null,
    o: { b: [1, { c: 'd' }], a: 'x"y' },
    l: [1, 2],
  };
  const cases: [string, readonly string[], Json, boolean][] = [
    [
      'the whole value, keys in another order',
      [],
      {
        l: [1, 2],
        o: { a: 'x"y', b: [1, { c: 'd' }] },
        z: null,
        f: false,
        t: true,
        i: -3,
        n: 1.5,
        s: 'text',
      },
      true,
    ],
    ['a string', ['s'], 'text', true],
    ['a string that differs', ['s'], 'texts', false],
    ['a number', ['n'], 1.5, true],
    ['a negative integer', ['i'], -3, true],
    ['true', ['t'], true, true],
    ['false', ['f'], false, true],
    ['null', ['z'], null, true],
    ['a nested object in another key order', ['o'], { b: [1, { c: 'd' }], a: 'x"y' }, true],
    ['a string nested with a quote', ['o', 'a'], 'x"y', true],
    ['an array', ['l'], [1, 2], true],
    ['an array in another order', ['l'], [2, 1], false],
    ['a path through an array', ['l', '0'], 1, false],
    ['a path through an array of objects', ['o', 'b', 'c'], 'd', false],
    ['a missing key', ['missing'], null, false],
    ['a key below a scalar', ['s', 'x'], null, false],
    ['a number as a string', ['n'], '1.5', false],
  ];

  it.each(cases)('equals at a path: %s', async (_name, path, equals, matches) => {
    const store = createSqliteStore();
    await store.open();
    try {
      const id = crypto.randomUUID();
      await store.createMachine({ id, tags: { v: canonicalJson(value) }, now: NOW });
      const f: StoreFilter = { kind: 'equals', tag: 'v', path, json: canonicalJson(equals) };
      const reference: Machine = { id, createdAt: NOW, tags: { v: { value, updatedAt: NOW } } };
      expect(matchesFilter(f, reference, NOW)).toBe(matches);
      const listed = await store.listMachines({ filter: f, limit: 10, now: NOW });
      expect(listed.map((m) => m.id)).toEqual(matches ? [id] : []);
    } finally {
      await store.close();
    }
  });
});
