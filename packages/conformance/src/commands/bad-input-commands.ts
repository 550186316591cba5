import { type Filter, type Json, ValidationError } from '@tagout/core';
import fc from 'fast-check';
import { expect } from 'vitest';
import { pick } from './arbitraries.js';
import { settle } from './outcome.js';
import { realSession } from './picked-commands.js';
import { StepCommand } from './step-command.js';
import { type ModelWorld, type Pick, pickMachine, pickWork, type RealWorld, showPick } from './world.js';

/** Anything, typed as whatever the call wants: bad input on purpose. */
const bad = <T>(value: unknown): T => value as T;

interface Subjects {
  m: ModelWorld;
  r: RealWorld;
  pick: Pick;
}

interface BadCall {
  name: string;
  needs: 'sessionIds' | 'tokens' | 'machineIds' | null;
  call(s: Subjects): Promise<unknown>;
}

const session = ({ m, r, pick }: Subjects) => realSession(m, r, pick);
const work = ({ m, r, pick }: Subjects) => r.works[pickWork(m, pick)]!;

/** engine.clearBackoff of a known machine's Install pair, `input` laid over that. */
const clearBackoff = (label: string, input: Record<string, unknown>): BadCall => ({
  name: `clearBackoff(${label})`,
  needs: 'machineIds',
  call: ({ m, r, pick }) =>
    r.t.engine.clearBackoff(bad({ machineId: pickMachine(m, pick), process: 'Install', ...input })),
});

const BAD_CALLS: BadCall[] = [
  {
    name: 'work(unknown process)',
    needs: 'sessionIds',
    call: (s) => session(s).work(bad('Nope'), { where: { has: 'a' } }),
  },
  {
    name: 'work(malformed id)',
    needs: 'sessionIds',
    call: (s) => session(s).work('Install', { machineId: 'm-1' }),
  },
  {
    name: 'work(bad filter)',
    needs: 'sessionIds',
    call: (s) => session(s).work('Install', { where: bad<Filter>({ has: 1 }) }),
  },
  {
    name: 'workMany(limit 0)',
    needs: 'sessionIds',
    call: (s) => session(s).workMany('Install', { where: { has: 'Provided' }, limit: 0 }),
  },
  {
    name: 'workMany(limit 1001)',
    needs: 'sessionIds',
    call: (s) => session(s).workMany('Install', { where: { has: 'Provided' }, limit: 1001 }),
  },
  {
    name: 'workMany(unknown key)',
    needs: 'sessionIds',
    call: (s) =>
      session(s).workMany('Install', bad({ where: { has: 'Provided' }, limit: 2, machineId: 'x' })),
  },
  {
    name: 'workMany(bad filter)',
    needs: 'sessionIds',
    call: (s) => session(s).workMany('Recovery', { where: bad<Filter>({ lacks: '' }), limit: 2 }),
  },
  { name: 'fail(empty cause)', needs: 'tokens', call: (s) => work(s).fail('') },
  { name: 'fail(whitespace cause)', needs: 'tokens', call: (s) => work(s).fail('   ') },
  { name: 'fail(4097-char cause)', needs: 'tokens', call: (s) => work(s).fail('x'.repeat(4097)) },
  { name: 'fail(NUL in cause)', needs: 'tokens', call: (s) => work(s).fail('exit\0code 1') },
  { name: 'fail(NUL in Error cause)', needs: 'tokens', call: (s) => work(s).fail(new Error('|\0|')) },
  { name: 'fail(lone surrogate cause)', needs: 'tokens', call: (s) => work(s).fail('cut \uD83D') },
  { name: 'fail(NaN initialMs)', needs: 'tokens', call: (s) => work(s).fail('x', { initialMs: Number.NaN }) },
  { name: 'fail(negative maximumMs)', needs: 'tokens', call: (s) => work(s).fail('x', { maximumMs: -1 }) },
  {
    name: 'finish(NaN tag)',
    needs: 'tokens',
    call: (s) => work(s).finish({ setTags: { Provided: Number.NaN } }),
  },
  {
    name: 'finish(bad tag name)',
    needs: 'tokens',
    call: (s) => work(s).finish({ deleteTags: ['no spaces'] }),
  },
  {
    name: 'setTags(undefined value)',
    needs: 'machineIds',
    call: ({ m, r, pick }) => r.t.engine.setTags(pickMachine(m, pick), { Provided: bad<Json>(undefined) }),
  },
  {
    name: 'deleteTags(bad name)',
    needs: 'machineIds',
    call: ({ m, r, pick }) => r.t.engine.deleteTags(pickMachine(m, pick), ['9lives']),
  },
  {
    name: 'createMachine(BigInt tag)',
    needs: null,
    call: (s) => s.r.t.engine.createMachine({ tags: { a: bad<Json>(1n) } }),
  },
  {
    name: 'startSession(NaN interval)',
    needs: null,
    call: (s) => s.r.t.engine.startSession({ component: 'c', intervalMs: Number.NaN, heartbeat: false }),
  },
  clearBackoff('unknown process', { process: 'Nope' }),
  clearBackoff('blank reason', { reason: '  ' }),
  clearBackoff('4097-char reason', { reason: 'x'.repeat(4097) }),
  clearBackoff('resetInterval "yes"', { resetInterval: 'yes' }),
  clearBackoff('unknown key', { cause: 'x' }),
  {
    name: 'sessions(limit 0)',
    needs: null,
    call: (s) => s.r.t.engine.sessions({ limit: 0 }),
  },
  {
    name: 'machines(negative olderThanMs)',
    needs: null,
    call: (s) => s.r.t.engine.machines({ where: bad<Filter>({ tag: 'a', olderThanMs: -1 }) }),
  },
  // A well-shaped cursor no store issues (sequence 0), and one of the wrong shape.
  {
    name: 'history(after an id never issued)',
    needs: null,
    call: (s) => s.r.t.engine.history({ after: '0'.repeat(16) }),
  },
  { name: 'history(before a non-id)', needs: null, call: (s) => s.r.t.engine.history({ before: 'x' }) },
  {
    name: 'pruneHistory(NaN)',
    needs: null,
    call: (s) => s.r.t.engine.pruneHistory({ olderThanMs: Number.NaN }),
  },
  {
    name: 'pruneHistory(negative)',
    needs: null,
    call: (s) => s.r.t.engine.pruneHistory({ olderThanMs: -1 }),
  },
];

const PREFIX = { sessionIds: 's', tokens: 'w', machineIds: 'm' } as const;

/** A call core must refuse with ValidationError; the model is not touched, so any change shows. */
class BadInput extends StepCommand {
  constructor(
    readonly bad: BadCall,
    readonly subject: Pick,
  ) {
    super();
  }

  override check(m: Readonly<ModelWorld>): boolean {
    return this.bad.needs === null || m[this.bad.needs].length > 0;
  }

  protected async act(m: ModelWorld, r: RealWorld): Promise<void> {
    const actual = await settle(this.bad.call({ m, r, pick: this.subject }));
    if (actual.ok) throw new Error(`${this.toString()}: the engine accepted bad input`);
    expect(actual.error, this.toString()).toBeInstanceOf(ValidationError);
  }

  toString(): string {
    const subject = this.bad.needs === null ? '' : ` on ${showPick(PREFIX[this.bad.needs], this.subject)}`;
    return `badInput(${this.bad.name}${subject})`;
  }
}

/** P8 inside the model run: bad input anywhere in a sequence changes nothing. */
export const badInputCommands = fc
  .record({ call: fc.constantFrom(...BAD_CALLS), subject: pick })
  .map(({ call, subject }): StepCommand => new BadInput(call, subject));
