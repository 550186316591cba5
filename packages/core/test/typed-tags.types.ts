// Type-level tests of typed tags: `pnpm typecheck` (tsc over the whole repo) checks this file; it
// is never run. Every `@ts-expect-error` line must fail to compile (tsc reports an unused one), so
// each proves that a wrong tag name or value is refused; the lines without one prove what
// compiles: typed engines from schemas or from a type, and untyped engines exactly as before.
import * as v from 'valibot';
import { z } from 'zod';
import {
  type Engine,
  type Filter,
  type InferTags,
  type Json,
  type Machine,
  openEngine,
  type Store,
  type Tag,
  type Work,
  type WorkCommit,
} from '../src/index.js';

declare const store: Store;
declare const id: string;

/** Fails to compile unless `A` and `B` are the same type. */
function same<A, B>(_: Equal<A, B>): void {}
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

const schemas = {
  Region: z.enum(['eu', 'us']),
  AgentStarted: z.object({ at: z.number(), key: z.object({ id: z.string() }) }),
  Rack: v.pipe(v.string(), v.minLength(1)),
  /** Written as a string, stored (and read) as its length. */
  NameLength: z.string().transform((name) => name.length),
};

export async function inferredFromSchemas(): Promise<void> {
  const engine = await openEngine({ store, processes: ['AgentStart'], tags: schemas });
  same<InferTags<typeof schemas>['Region'], 'eu' | 'us'>(true);
  // Code that takes any engine (metrics, the web UI) takes a typed one.
  const anyEngine: Engine = engine;
  void anyEngine;

  // Reads: every declared tag is optional, its value typed.
  const machine = await engine.createMachine({ tags: { Region: 'eu', Rack: 'r1' } });
  same<typeof machine.tags.Region, Tag<'eu' | 'us'> | undefined>(true);
  same<NonNullable<typeof machine.tags.AgentStarted>['value'], { at: number; key: { id: string } }>(true);
  same<NonNullable<typeof machine.tags.NameLength>['value'], number>(true);
  // @ts-expect-error an undeclared tag is not on a typed machine
  machine.tags.Regoin;

  // Writes take each schema's input type.
  await engine.setTags(id, { Region: 'us', NameLength: 'node-1' });
  // @ts-expect-error a value outside the enum
  await engine.setTags(id, { Region: 'mars' });
  // @ts-expect-error an undeclared tag name
  await engine.setTags(id, { Regoin: 'eu' });
  // @ts-expect-error NameLength is written as a string (its schema's input), not as the stored number
  await engine.setTags(id, { NameLength: 6 });
  // @ts-expect-error a wrongly shaped object
  await engine.createMachine({ tags: { AgentStarted: { at: 'now' } } });
  await engine.createMachines([{ tags: { Region: 'eu' } }, { id, tags: { Rack: 'r2' } }]);
  // @ts-expect-error bulk writes are typed too
  await engine.createMachines([{ tags: { Region: 'mars' } }]);
  await engine.setTagsMany([{ machineId: id, tags: { Rack: 'r3' } }]);
  // @ts-expect-error bulk writes are typed too
  await engine.setTagsMany([{ machineId: id, tags: { Rack: 3 } }]);
  await engine.deleteTags(id, ['Rack']);
  // @ts-expect-error only declared tags can be deleted
  await engine.deleteTags(id, ['Rak']);

  // Filters: declared names, `equals` typed by the tag, or by the value at `path`.
  await engine.machines({ where: { and: [{ has: 'Region' }, { tag: 'Region', equals: 'eu' }] } });
  await engine.machines({ where: { tag: 'AgentStarted', path: ['key', 'id'], equals: 'k1' } });
  await engine.machines({ where: { not: { tag: 'AgentStarted', olderThanMs: 60_000 } } });
  // @ts-expect-error an undeclared tag in a filter
  await engine.machines({ where: { lacks: 'Regoin' } });
  // @ts-expect-error a value the tag cannot have
  await engine.machines({ where: { or: [{ tag: 'Region', equals: 'mars' }] } });
  // @ts-expect-error the value at that path is a string
  await engine.machines({ where: { tag: 'AgentStarted', path: ['key', 'id'], equals: 1 } });
  // @ts-expect-error no such path
  await engine.machines({ where: { tag: 'AgentStarted', path: ['key', 'name'], equals: 'k1' } });

  // Work and its commit.
  const session = await engine.startSession({ component: 'types' });
  const work = await session.work('AgentStart', { where: { lacks: 'AgentStarted' } });
  if (work === null) return;
  same<typeof work.machine.tags.Rack, Tag<string> | undefined>(true);
  await work.finish({ setTags: { AgentStarted: { at: 1, key: { id: 'k' } } }, deleteTags: ['Rack'] });
  // @ts-expect-error a commit is typed
  await work.finish({ setTags: { AgentStarted: { at: 1 } } });
  // @ts-expect-error so are its deletes
  await work.finish({ deleteTags: ['Rak'] });
  // @ts-expect-error a filter of a claim is typed
  await session.work('AgentStart', { where: { has: 'Regoin' } });
  const batch = await session.workMany('AgentStart', { where: { lacks: 'AgentStarted' }, limit: 8 });
  same<(typeof batch)[number]['machine']['tags']['Rack'], Tag<string> | undefined>(true);
  // @ts-expect-error so is a filter of a batched claim
  await session.workMany('AgentStart', { where: { has: 'Regoin' }, limit: 8 });
  await session.finishMany([{ work, commit: { setTags: { Region: 'eu' } } }, { work: batch[0]! }]);
  // @ts-expect-error a commit of a batched finish is typed
  await session.finishMany([{ work, commit: { setTags: { Region: 'mars' } } }]);
}

/** Tag types without runtime checks, given as a type (an interface works too). */
interface FleetTags {
  Region: 'eu' | 'us';
  Owner: { team: string; oncall?: string };
}

export async function givenAsAType(): Promise<void> {
  const engine: Engine<FleetTags> = await openEngine<FleetTags>({ store, processes: ['AgentStart'] });
  const machine: Machine<FleetTags> | null = await engine.machine(id);
  const anyEngine: Engine = engine;
  void anyEngine;
  same<NonNullable<typeof machine>['tags']['Owner'], Tag<FleetTags['Owner']> | undefined>(true);
  await engine.setTags(id, { Owner: { team: 'infra' } });
  await engine.machines({ where: { tag: 'Owner', path: ['oncall'], equals: 'alice' } });
  // @ts-expect-error `oncall` is a string: undefined is no JSON value to compare with
  await engine.machines({ where: { tag: 'Owner', path: ['oncall'], equals: undefined } });
  // @ts-expect-error a missing required field
  await engine.setTags(id, { Owner: {} });
  // Some tags of a typed engine may have a schema; its types must agree with the declared ones.
  await openEngine<FleetTags>({ store, processes: ['AgentStart'], tags: { Region: z.enum(['eu', 'us']) } });
  // @ts-expect-error a schema whose output is not the declared type
  await openEngine<FleetTags>({ store, processes: ['AgentStart'], tags: { Region: z.number() } });
  // @ts-expect-error a schema for an undeclared tag
  await openEngine<FleetTags>({ store, processes: ['AgentStart'], tags: { Rack: z.string() } });

  // An optional property of the tag map is just a tag: never undefined, as read or written.
  const optional = await openEngine<{ Note?: string }>({ store, processes: ['AgentStart'] });
  same<NonNullable<Awaited<ReturnType<typeof optional.machine>>>['tags']['Note'], Tag<string> | undefined>(
    true,
  );
  // @ts-expect-error undefined is no tag value
  await optional.setTags(id, { Note: undefined });

  const filter: Filter<FleetTags> = { or: [{ has: 'Owner' }, { tag: 'Region', equals: 'us' }] };
  const commit: WorkCommit<FleetTags> = { setTags: { Region: 'eu' } };
  // @ts-expect-error undefined is not a value a tag can be set to
  const unset: WorkCommit<FleetTags> = { setTags: { Region: undefined } };
  void [filter, commit, unset];
}

export async function untypedAsBefore(): Promise<void> {
  // No type parameter, no schemas: every name, every JSON value, today's types exactly.
  const engine = await openEngine({ store, processes: ['AgentStart'] });
  same<typeof engine, Engine>(true);
  same<Awaited<ReturnType<typeof engine.machine>>, Machine | null>(true);
  same<Machine['tags'], Record<string, Tag>>(true);
  same<Tag['value'], Json>(true);
  const machine = await engine.createMachine({ tags: { Anything: { at: 1 }, Else: [1, 'two', null] } });
  const tags: Tag[] = Object.values(machine.tags);
  await engine.setTags(machine.id, { Whatever: 'x' });
  await engine.setTagsMany([{ machineId: machine.id, tags: { More: true } }]);
  await engine.deleteTags(machine.id, ['Whatever', 'NotThere']);
  const filter: Filter = { tag: 'Anything', path: ['at', 'deeper'], equals: { any: ['json'] } };
  await engine.machines({ where: filter });
  const session = await engine.startSession({ component: 'types' });
  const work: Work | null = await session.work('AgentStart', { where: { has: 'Anything' } });
  const works: Work[] = await session.workMany('AgentStart', { where: { has: 'Anything' }, limit: 2 });
  void works;
  const commit: WorkCommit = { setTags: { Free: { form: 1 } }, deleteTags: ['Else'] };
  await work?.finish(commit);
  // @ts-expect-error still JSON only
  await engine.setTags(machine.id, { When: new Date() });
  void tags;
}
