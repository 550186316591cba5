import {
  type Engine,
  type Filter,
  type Json,
  LIMITS,
  openEngine,
  type Session,
  ValidationError,
  type Work,
} from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceOptions, readState, rejection, useTestEngine } from '../harness.js';
import { nestedJson } from '../nested-json.js';

interface Arranged {
  engine: Engine;
  session: Session;
  work: Work;
  machineId: string;
}

/** Anything, typed as whatever the call wants: bad input on purpose. */
const bad = <T>(value: unknown): T => value as T;

const cycle: Record<string, unknown> = {};
cycle.self = cycle;
const deepFilter = Array.from({ length: 9 }).reduce<Filter>((inner) => ({ not: inner }), { has: 'a' });
const wideFilter: Filter = { or: Array.from({ length: 64 }, () => ({ has: 'a' })) };

const NON_JSON: [string, unknown][] = [
  ['undefined', undefined],
  ['a function', () => 1],
  ['NaN', Number.NaN],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['a BigInt', 10n],
  ['a Date', new Date(0)],
  ['a Map', new Map()],
  ['a symbol', Symbol('s')],
  ['a cycle', cycle],
  ['NaN inside an array', [1, Number.NaN]],
  // Deeper than LIMITS.jsonDepth: SQLite's JSON functions stop at 1000, a recursive walk at ~10,000.
  ['nested 2,000 deep', nestedJson(2_000)],
  ['nested 20,000 deep', nestedJson(20_000)],
];
const BAD_NAMES = ['', ' ', '1abc', 'a b', 'ünïcode', 'x'.repeat(129)];
const BAD_DURATIONS: [string, unknown][] = [
  ['NaN', Number.NaN],
  ['negative', -1],
  ['Infinity', Number.POSITIVE_INFINITY],
  ['a string', '10'],
  ['beyond 2^31-1', 2 ** 31],
];
const BAD_FILTERS: [string, unknown][] = [
  ['null', null],
  ['a string', 'has:Provided'],
  ['empty', {}],
  ['two kinds', { has: 'a', lacks: 'b' }],
  ['an unknown key', { foo: 'a' }],
  ['and of a non-array', { and: { has: 'a' } }],
  ['not of null', { not: null }],
  ['tag without a test', { tag: 'a' }],
  ['equals undefined', { tag: 'a', equals: undefined }],
  ['an empty path segment', { tag: 'a', path: [''], equals: 1 }],
  ['a path that is not an array', { tag: 'a', path: 'x', equals: 1 }],
  ['nesting deeper than 8', deepFilter],
  ['more than 64 nodes', wideFilter],
  ...BAD_NAMES.map((name): [string, unknown] => [`has ${JSON.stringify(name)}`, { has: name }]),
  ...BAD_DURATIONS.map(([what, ms]): [string, unknown] => [
    `olderThanMs ${what}`,
    { tag: 'a', olderThanMs: ms },
  ]),
  ...BAD_DURATIONS.map(([what, ms]): [string, unknown] => [
    `newerThanMs ${what}`,
    { tag: 'a', newerThanMs: ms },
  ]),
];

type Call = (a: Arranged) => Promise<unknown>;

const CASES: [string, Call][] = [
  ['unknown process (work)', (a) => a.session.work(bad('Nope'), { machineId: a.machineId })],
  ['unknown process (history)', (a) => a.engine.history({ process: 'Nope' })],
  ['malformed machine id (work)', (a) => a.session.work('Install', { machineId: 'not-a-uuid' })],
  ['malformed machine id (createMachine)', (a) => a.engine.createMachine({ id: '1234' })],
  ['malformed machine id (setTags)', (a) => a.engine.setTags('zz', { a: 1 })],
  ['malformed machine id (deleteTags)', (a) => a.engine.deleteTags(bad(42), ['a'])],
  ['malformed machine id (deleteMachine)', (a) => a.engine.deleteMachine(`${a.machineId}x`)],
  ['malformed machine id (machine)', (a) => a.engine.machine('')],
  [
    'a target with both machineId and where',
    (a) => a.session.work('Install', bad({ machineId: a.machineId, where: {} })),
  ],
  ['an empty target', (a) => a.session.work('Install', bad({}))],
  ['an empty cause', (a) => a.work.fail('')],
  ['a whitespace cause', (a) => a.work.fail(' \n\t ')],
  ['a cause over 4096 characters', (a) => a.work.fail('x'.repeat(4097))],
  ['an Error without a message', (a) => a.work.fail(new Error(''))],
  ['a cause that is not text', (a) => a.work.fail(42)],
  ['an unknown policy field', (a) => a.work.fail('x', bad({ initial: 5 }))],
  ['jitter above 1', (a) => a.work.fail('x', { jitter: 2 })],
  ...BAD_DURATIONS.flatMap(([what, ms]): [string, Call][] => [
    [
      `session intervalMs ${what}`,
      (a) => a.engine.startSession({ component: 'c', intervalMs: bad(ms), heartbeat: false }),
    ],
    [`policy initialMs ${what}`, (a) => a.work.fail('x', { initialMs: bad(ms) })],
    [`policy maximumMs ${what}`, (a) => a.work.fail('x', { maximumMs: bad(ms) })],
  ]),
  ['session intervalMs 0', (a) => a.engine.startSession({ component: 'c', intervalMs: 0, heartbeat: false })],
  ['policy exponent NaN', (a) => a.work.fail('x', { exponent: Number.NaN })],
  ['policy exponent negative', (a) => a.work.fail('x', { exponent: -1 })],
  ['policy exponent Infinity', (a) => a.work.fail('x', { exponent: Number.POSITIVE_INFINITY })],
  ['an empty component', (a) => a.engine.startSession({ component: '', heartbeat: false })],
  ...NON_JSON.flatMap(([what, value]): [string, Call][] => [
    [`tag value ${what} (setTags)`, (a) => a.engine.setTags(a.machineId, { Good: 1, Bad: bad<Json>(value) })],
    [`tag value ${what} (createMachine)`, (a) => a.engine.createMachine({ tags: { Bad: bad<Json>(value) } })],
    [`tag value ${what} (finish)`, (a) => a.work.finish({ setTags: { Bad: bad<Json>(value) } })],
    [
      `tag value ${what} (filter equals)`,
      (a) => a.engine.machines({ where: { tag: 'a', equals: bad<Json>(value) } }),
    ],
  ]),
  ['tags that are not a plain object', (a) => a.engine.setTags(a.machineId, bad([1]))],
  ...BAD_NAMES.flatMap((name): [string, Call][] => [
    [`tag name ${JSON.stringify(name)} (setTags)`, (a) => a.engine.setTags(a.machineId, { [name]: 1 })],
    [`tag name ${JSON.stringify(name)} (deleteTags)`, (a) => a.engine.deleteTags(a.machineId, [name])],
    [`tag name ${JSON.stringify(name)} (finish)`, (a) => a.work.finish({ deleteTags: ['Good', name] })],
  ]),
  ...BAD_FILTERS.flatMap(([what, filter]): [string, Call][] => [
    [`filter: ${what} (work)`, (a) => a.session.work('Install', { where: bad<Filter>(filter) })],
    [`filter: ${what} (machines)`, (a) => a.engine.machines({ where: bad<Filter>(filter) })],
    [
      `filter: ${what} (workMany)`,
      (a) => a.session.workMany('AgentStart', { where: bad<Filter>(filter), limit: 2 }),
    ],
  ]),
  ['a listing limit of 0', (a) => a.engine.machines({ limit: 0 })],
  ['a listing limit of 1.5', (a) => a.engine.history({ limit: 1.5 })],
  // A misspelled key is refused, never ignored (history({ machine }) would list every machine's).
  ['an unknown key (history)', (a) => a.engine.history(bad({ machine: a.machineId }))],
  ['an unknown key (backoffs)', (a) => a.engine.backoffs(bad({ machine: a.machineId }))],
  ['an unknown key (activeWork)', (a) => a.engine.activeWork(bad({ machine: a.machineId }))],
  ['an unknown key (machines)', (a) => a.engine.machines(bad({ filter: { has: 'Good' } }))],
  ['an unknown key (createMachine)', (a) => a.engine.createMachine(bad({ tag: { a: 1 } }))],
  [
    'an unknown key (startSession)',
    (a) => a.engine.startSession(bad({ component: 'c', heartbeat: false, interval: 5 })),
  ],
  ['an unknown key (work target)', (a) => a.session.work('Install', bad({ machine: a.machineId }))],
  [
    'unknown process (workMany)',
    (a) => a.session.workMany(bad('Nope'), { where: { has: 'Good' }, limit: 1 }),
  ],
  ['a limit of 0 (workMany)', (a) => a.session.workMany('AgentStart', { where: { has: 'Good' }, limit: 0 })],
  [
    'a limit of 1.5 (workMany)',
    (a) => a.session.workMany('AgentStart', { where: { has: 'Good' }, limit: 1.5 }),
  ],
  [
    'a limit above LIMITS.claimBatch (workMany)',
    (a) => a.session.workMany('AgentStart', { where: { has: 'Good' }, limit: LIMITS.claimBatch + 1 }),
  ],
  [
    'a limit that is a string (workMany)',
    (a) => a.session.workMany('AgentStart', bad({ where: {}, limit: '2' })),
  ],
  ['no limit (workMany)', (a) => a.session.workMany('AgentStart', bad({ where: { has: 'Good' } }))],
  ['no filter (workMany)', (a) => a.session.workMany('AgentStart', bad({ limit: 1 }))],
  [
    'an unknown key (workMany)',
    (a) => a.session.workMany('AgentStart', bad({ where: {}, limit: 1, max: 2 })),
  ],
  ['options that are not an object (workMany)', (a) => a.session.workMany('AgentStart', bad(null))],
  ['query that is not an object (history)', (a) => a.engine.history(bad(null))],
  ['a listing limit of 0 (backoffs)', (a) => a.engine.backoffs({ limit: 0 })],
  ['a listing limit of 100,001 (activeWork)', (a) => a.engine.activeWork({ limit: 100_001 })],
  // History cursors: core checks the shape, the store whether it could have issued the id.
  ['an empty cursor (history after)', (a) => a.engine.history({ after: '' })],
  ['a cursor that is a number (history before)', (a) => a.engine.history({ before: bad(42) })],
  ['a 65-character cursor (history after)', (a) => a.engine.history({ after: '1'.repeat(65) })],
  ['a cursor no store issues (history before)', (a) => a.engine.history({ before: 'not-an-id' })],
  ['a cursor of sequence 0 (history after)', (a) => a.engine.history({ after: '0'.repeat(16) })],
  ['an unknown key (pruneHistory)', (a) => a.engine.pruneHistory(bad({ olderThan: 1 }))],
  ['no olderThanMs (pruneHistory)', (a) => a.engine.pruneHistory(bad({}))],
  ...BAD_DURATIONS.filter(([what]) => what !== 'beyond 2^31-1').map(([what, value]): [string, Call] => [
    `olderThanMs ${what} (pruneHistory)`,
    (a) => a.engine.pruneHistory({ olderThanMs: bad(value) }),
  ]),
  [
    'olderThanMs beyond LIMITS.historyAgeMs (pruneHistory)',
    (a) => a.engine.pruneHistory({ olderThanMs: 1e13 + 1 }),
  ],
  ['options that are not an object (machines)', (a) => a.engine.machines(bad([]))],
  // finish commits: undefined or { setTags, deleteTags }, nothing else.
  ['a commit with an unknown key (finish)', (a) => a.work.finish(bad({ Done: true }))],
  ['a commit that is a string (finish)', (a) => a.work.finish(bad('ok'))],
  ['a commit that is null (finish)', (a) => a.work.finish(bad(null))],
  ['a commit that is an array (finish)', (a) => a.work.finish(bad([]))],
];

/** A store with a machine, tags, a held work item, a backoff and some history. */
async function arrange(
  options: ConformanceOptions,
): Promise<Arranged & { t: Awaited<ReturnType<typeof useTestEngine>> }> {
  const t = await useTestEngine(options);
  const machine = await t.engine.createMachine({ tags: { Good: { a: 1 }, Provided: true } });
  const session = await t.session();
  await (await session.work('Recovery', { machineId: machine.id })).fail('first', { initialMs: 60_000 });
  const work = await session.work('Install', { machineId: machine.id });
  t.clock.advance(1_000);
  return { t, engine: t.engine, session, work, machineId: machine.id };
}

/** P8: bad input is refused with a ValidationError and the store is unchanged. */
export function describeBadInput(options: ConformanceOptions): void {
  describe('bad input (P8)', () => {
    it.each(CASES)('refuses %s with ValidationError and changes nothing', async (_name, call) => {
      const arranged = await arrange(options);
      const before = await readState(arranged.engine);

      const error = await rejection(call(arranged));

      expect(error).toBeInstanceOf(ValidationError);
      expect(await readState(arranged.engine)).toStrictEqual(before);
      expect(arranged.work.done).toBe(false);
      expect(arranged.session.expired).toBe(false);
    });

    it('openEngine refuses an unknown option before opening the store', async () => {
      const store = await options.createStore();
      try {
        const error = await rejection(
          openEngine(bad({ store, processes: ['Install'], sessionRetention: 60_000 })),
        );
        expect(error).toBeInstanceOf(ValidationError);
        expect(error).toMatchObject({ field: 'options.sessionRetention' });
      } finally {
        await store.close();
        await options.destroyStore?.(store);
      }
    });

    it('a work item refused bad input still finishes normally afterwards', async () => {
      const arranged = await arrange(options);
      for (const [, call] of CASES) await rejection(call(arranged));
      await arranged.work.finish({ setTags: { Installed: true } });
      expect((await arranged.engine.machine(arranged.machineId))?.tags.Installed?.value).toBe(true);
    });
  });
}
