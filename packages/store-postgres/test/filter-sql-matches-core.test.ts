import { canonicalJson, type Json, type Machine, matchesFilter, type StoreFilter } from '@tagout/core';
import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresStore, type PostgresStore } from '../src/index.js';
import { describePostgres, freshSchema } from './postgres.js';

const NOW = Date.UTC(2026, 0, 1, 0, 1);
const TAGS = ['a', 'b', 'c'] as const;
/** Object keys and path segments, including numeric ones (`->` must not index arrays with them). */
const KEYS = ['k', 'l', '0', '1', 'a"b', 'c\\d', 'x.y', '{1}', 'e f', 'é', '😀'];
const AGES = [0, 1000, 4000, 5000, 10_000];
/** Postgres text and jsonb cannot hold U+0000 or unpaired surrogates (see the README). */
const storable = (text: string) =>
  !text.includes(String.fromCharCode(0)) &&
  !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);

const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Json>(null, true, false, 0, 1, -0, 0.1, 1e21, 1e-7, 2 ** 53 + 2, '', 'x', '1', '\u0001'),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.string({ maxLength: 3, unit: 'binary' }).filter(storable),
    fc.array(tie('value'), { maxLength: 3 }),
    fc.dictionary(fc.constantFrom(...KEYS), tie('value'), { maxKeys: 3 }),
  ),
})).value;

const machineSpec = fc.dictionary(
  fc.constantFrom(...TAGS),
  fc.record({ value: json, age: fc.constantFrom(...AGES) }),
  {
    maxKeys: 3,
  },
);

/** `seen` picks a (path, value) some machine really has, so equality matches often. */
type Spec =
  | Exclude<StoreFilter, { kind: 'and' | 'or' | 'not' }>
  | { kind: 'seen'; tag: string; pick: number }
  | { kind: 'and' | 'or'; filters: Spec[] }
  | { kind: 'not'; filter: Spec };

const spec: fc.Arbitrary<Spec> = fc.letrec<{ f: Spec }>((tie) => {
  const tag = fc.constantFrom(...TAGS);
  const ms = fc.constantFrom(...AGES);
  return {
    f: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      tag.map((t): Spec => ({ kind: 'has', tag: t })),
      tag.map((t): Spec => ({ kind: 'lacks', tag: t })),
      fc
        .record({ t: tag, path: fc.array(fc.constantFrom(...KEYS), { maxLength: 2 }), v: json })
        .map(({ t, path, v }): Spec => ({ kind: 'equals', tag: t, path, json: canonicalJson(v) })),
      fc.record({ t: tag, pick: fc.nat() }).map(({ t, pick }): Spec => ({ kind: 'seen', tag: t, pick })),
      fc.record({ t: tag, ms }).map(({ t, ms: m }): Spec => ({ kind: 'older', tag: t, ms: m })),
      fc.record({ t: tag, ms }).map(({ t, ms: m }): Spec => ({ kind: 'newer', tag: t, ms: m })),
      fc.array(tie('f'), { maxLength: 3 }).map((filters): Spec => ({ kind: 'and', filters })),
      fc.array(tie('f'), { maxLength: 3 }).map((filters): Spec => ({ kind: 'or', filters })),
      tie('f').map((inner): Spec => ({ kind: 'not', filter: inner })),
    ),
  };
}).f;

/** Every (path, value) reachable through object keys and through array items (which must not match). */
function parts(value: Json, path: string[] = []): [string[], Json][] {
  const found: [string[], Json][] = [[path, value]];
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) found.push(...parts(child, [...path, key]));
  }
  return found;
}

function resolve(s: Spec, machines: readonly Machine[]): StoreFilter {
  switch (s.kind) {
    case 'seen': {
      const seen = machines.flatMap((m) => {
        const tag = m.tags[s.tag];
        return tag === undefined ? [] : parts(tag.value);
      });
      const [path, value] = seen[s.pick % Math.max(seen.length, 1)] ?? [[], null];
      return { kind: 'equals', tag: s.tag, path, json: canonicalJson(value) };
    }
    case 'and':
    case 'or':
      return { kind: s.kind, filters: s.filters.map((child) => resolve(child, machines)) };
    case 'not':
      return { kind: 'not', filter: resolve(s.filter, machines) };
    default:
      return s;
  }
}

describePostgres('the SQL of a filter agrees with matchesFilter', (url) => {
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const schema = freshSchema('filter');
  let store: PostgresStore;
  beforeAll(async () => {
    store = createPostgresStore({ pool, schema });
    await store.open();
  });
  afterAll(async () => {
    await pool.query(`drop schema if exists "${schema}" cascade`);
    await pool.end();
  });

  it('listMachines and claims by filter take exactly the machines matchesFilter accepts', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(machineSpec, { maxLength: 6 }),
        fc.array(spec, { minLength: 1, maxLength: 4 }),
        async (specs, filterSpecs) => {
          await pool.query(
            `truncate "${schema}".machines, "${schema}".tags, "${schema}".work, "${schema}".sessions`,
          );
          const machines: Machine[] = [];
          for (const [i, tagSpecs] of specs.entries()) {
            const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
            await store.createMachine({ id, tags: {}, now: NOW - 60_000 });
            const tags: Machine['tags'] = {};
            for (const [name, { value, age }] of Object.entries(tagSpecs)) {
              await store.setTags({ machineId: id, tags: { [name]: canonicalJson(value) }, now: NOW - age });
              tags[name] = { value: JSON.parse(canonicalJson(value)) as Json, updatedAt: NOW - age };
            }
            machines.push({ id, createdAt: NOW - 60_000, tags });
          }
          expect(await store.listMachines({ limit: 100, now: NOW })).toEqual(machines);
          for (const filter of filterSpecs.map((s) => resolve(s, machines))) {
            const expected = machines.filter((m) => matchesFilter(filter, m, NOW)).map((m) => m.id);
            const listed = await store.listMachines({ filter, limit: 100, now: NOW });
            expect(listed.map((m) => m.id)).toEqual(expected);
            const sessionId = crypto.randomUUID();
            await store.createSession({
              id: sessionId,
              component: 'p',
              runtimeInfo: '',
              intervalMs: 1e6,
              retentionMs: 0,
              now: NOW,
            });
            const claimed: string[] = [];
            for (;;) {
              const target = { filter };
              const result = await store.claim({
                sessionId,
                process: 'P',
                blockers: ['P'],
                target,
                now: NOW,
              });
              if (!result.ok) {
                expect(result.reason).toBe('nothing');
                break;
              }
              claimed.push(result.work.machine.id);
            }
            expect(claimed.sort()).toEqual([...expected].sort());
            await store.closeSession({ sessionId, now: NOW });
          }
        },
      ),
      { numRuns: Number(process.env.TAGOUT_FC_RUNS ?? 100) },
    );
  });
});
