import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { compileFilter, matchesFilter, valueAtPath } from './filter.js';
import type { Machine } from './types.js';

const NOW = 1_000_000;
const machine: Machine = {
  id: '00000000-0000-4000-8000-000000000001',
  createdAt: 0,
  tags: {
    Provided: {
      value: { provider: 'sim', ids: [1, 2], nested: { b: 1, a: [true, null] } },
      updatedAt: NOW - 5000,
    },
    Heartbeat: { value: 7, updatedAt: NOW - 100 },
  },
};
const matches = (filter: unknown) => matchesFilter(compileFilter(filter), machine, NOW);

describe('filters', () => {
  it('has / lacks look at tag presence', () => {
    expect(matches({ has: 'Provided' })).toBe(true);
    expect(matches({ lacks: 'Provided' })).toBe(false);
    expect(matches({ lacks: 'AgentStarted' })).toBe(true);
  });

  it('equals compares JSON values, whatever the key order, optionally at a path of object keys', () => {
    expect(matches({ tag: 'Heartbeat', equals: 7 })).toBe(true);
    expect(matches({ tag: 'Provided', path: ['provider'], equals: 'sim' })).toBe(true);
    expect(matches({ tag: 'Provided', path: ['nested'], equals: { a: [true, null], b: 1 } })).toBe(true);
    expect(matches({ tag: 'Provided', path: ['nested', 'a'], equals: [null, true] })).toBe(false);
    expect(matches({ tag: 'Provided', path: ['ids', '0'], equals: 1 })).toBe(false);
    expect(matches({ tag: 'Provided', path: ['missing'], equals: null })).toBe(false);
    expect(matches({ tag: 'Absent', equals: null })).toBe(false);
  });

  it('olderThanMs / newerThanMs compare updatedAt with now and are complementary', () => {
    expect(matches({ tag: 'Provided', olderThanMs: 5000 })).toBe(true);
    expect(matches({ tag: 'Provided', newerThanMs: 5000 })).toBe(false);
    expect(matches({ tag: 'Provided', olderThanMs: 5001 })).toBe(false);
    expect(matches({ tag: 'Provided', newerThanMs: 5001 })).toBe(true);
    expect(matches({ tag: 'Absent', olderThanMs: 0 })).toBe(false);
  });

  it('treats inherited property names as absent tags', () => {
    expect(matches({ has: 'constructor' })).toBe(false);
    expect(matches({ lacks: 'toString' })).toBe(true);
    expect(matches({ tag: 'constructor', olderThanMs: 0 })).toBe(false);
  });

  it('and / or / not combine, with empty and = true and empty or = false', () => {
    expect(matches({ and: [{ has: 'Provided' }, { lacks: 'AgentStarted' }] })).toBe(true);
    expect(matches({ or: [{ has: 'X' }, { not: { has: 'Heartbeat' } }] })).toBe(false);
    expect(matches({ and: [] })).toBe(true);
    expect(matches({ or: [] })).toBe(false);
  });

  it('refuses malformed filters with a ValidationError', () => {
    const bad: unknown[] = [
      null,
      {},
      { has: '' },
      { has: 1 },
      { has: 'a', lacks: 'b' },
      { tag: 'a', equals: undefined },
      { tag: 'a', equals: Number.NaN },
      { tag: 'a', path: 'x', equals: 1 },
      { tag: 'a', path: [''], equals: 1 },
      { tag: 'a', olderThanMs: -1 },
      { tag: 'a', newerThanMs: Number.NaN },
      { and: {} },
      { not: [] },
      { or: Array.from({ length: 100 }, () => ({ has: 'a' })) },
      [{ has: 'a' }],
    ];
    let nested: unknown = { has: 'a' };
    for (let i = 0; i < 10; i++) nested = { not: nested };
    bad.push(nested);
    for (const filter of bad)
      expect(() => compileFilter(filter), JSON.stringify(filter)).toThrow(ValidationError);
  });

  it('valueAtPath walks object keys only', () => {
    expect(valueAtPath({ a: { b: 2 } }, ['a', 'b'])).toBe(2);
    expect(valueAtPath({ a: [1] }, ['a', '0'])).toBeUndefined();
    expect(valueAtPath({ a: null }, ['a'])).toBeNull();
    expect(valueAtPath({ a: null }, ['a', 'b'])).toBeUndefined();
  });
});
