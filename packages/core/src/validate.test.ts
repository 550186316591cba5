import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { canonicalJson } from './json.js';
import {
  checkCause,
  checkCommit,
  checkDuration,
  checkFlag,
  checkJson,
  checkMachineId,
  checkName,
  checkPolicy,
  checkTagWrites,
} from './validate.js';

describe('validation', () => {
  it('accepts UUIDs in any case and returns them lowercase', () => {
    expect(checkMachineId('id', 'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A11')).toBe(
      'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',
    );
    for (const bad of ['', 'x', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a1', 42, null]) {
      expect(() => checkMachineId('id', bad)).toThrow(ValidationError);
    }
  });

  it('names start with a letter or _ and stay short', () => {
    expect(checkName('n', 'AgentStarted')).toBe('AgentStarted');
    expect(checkName('n', 'os/install:v2')).toBe('os/install:v2');
    for (const bad of ['', ' x', '1abc', 'a b', 'x'.repeat(129), 'a\nb', {}]) {
      expect(() => checkName('n', bad)).toThrow(ValidationError);
    }
  });

  it('causes are non-empty, at most 4096 characters; an Error gives its message', () => {
    expect(checkCause(new Error('disk on fire'))).toBe('disk on fire');
    for (const bad of ['', '   ', 'x'.repeat(4097), undefined, 3, new Error('')]) {
      expect(() => checkCause(bad)).toThrow(ValidationError);
    }
    expect(() => checkCause('   ', 'reason')).toThrow(expect.objectContaining({ field: 'reason' }));
  });

  it('flags are booleans; absent gives the fallback', () => {
    expect(checkFlag('f', undefined, true)).toBe(true);
    expect(checkFlag('f', false, true)).toBe(false);
    for (const bad of ['yes', 1, null]) expect(() => checkFlag('f', bad, false)).toThrow(ValidationError);
  });

  it('durations are finite and not negative', () => {
    expect(checkDuration('d', 0)).toBe(0);
    for (const bad of [-1, Number.NaN, Number.POSITIVE_INFINITY, '5', 2 ** 31]) {
      expect(() => checkDuration('d', bad)).toThrow(ValidationError);
    }
    expect(() => checkDuration('d', 0, { positive: true })).toThrow(ValidationError);
  });

  it('tag values must be plain JSON and are stored canonically', () => {
    expect(checkJson('v', { b: 1, a: { d: [1, { z: 0, y: 1 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"y":1,"z":0}]},"b":1}',
    );
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    const bad = [
      undefined,
      () => 1,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      1n,
      new Date(),
      new Map(),
      cycle,
      [undefined],
      Symbol('x'),
    ];
    for (const value of bad) expect(() => checkJson('v', value)).toThrow(ValidationError);
    expect(() => checkJson('v', 'x'.repeat(70_000))).toThrow(ValidationError);
  });

  it('keeps a "__proto__" key of a tag value as data, and refuses "__proto__" as a tag name', () => {
    expect(checkJson('v', JSON.parse('{"__proto__":{"a":1},"b":2}'))).toBe('{"__proto__":{"a":1},"b":2}');
    expect(() => checkName('n', '__proto__')).toThrow(ValidationError);
  });

  it('refuses text no store can keep as it is: U+0000 and unpaired surrogates', () => {
    for (const bad of ['a\u0000b', '\uD800', 'x\uDC00', { 'k\u0000': 1 }, ['\uDBFF!']]) {
      expect(() => checkJson('v', bad)).toThrow(ValidationError);
    }
    expect(checkJson('v', '😀 é')).toBe('"😀 é"');
    expect(() => checkCause('bad \u0000 cause')).toThrow(ValidationError);
    expect(() => checkCause('\uD83D')).toThrow(ValidationError);
  });

  it('canonical JSON is the same for equal values', () => {
    expect(canonicalJson({ a: 1, b: [2, { c: 3, d: 4 }] })).toBe(
      canonicalJson({ b: [2, { d: 4, c: 3 }], a: 1 }),
    );
  });

  it('tag writes check every name and value', () => {
    expect(checkTagWrites('tags', { A: 1 })).toEqual({ A: '1' });
    expect(() => checkTagWrites('tags', { 'bad name': 1 })).toThrow(ValidationError);
    expect(() => checkTagWrites('tags', [1])).toThrow(ValidationError);
  });

  it('commits are undefined or a plain object with only setTags and deleteTags', () => {
    expect(checkCommit(undefined)).toEqual({ setTags: {}, deleteTags: [] });
    expect(checkCommit({ setTags: { A: 1 }, deleteTags: ['B'] })).toEqual({
      setTags: { A: '1' },
      deleteTags: ['B'],
    });
    const fields = [{ Done: true }, 'ok', null, [], new Map(), { setTags: {}, deletTags: ['B'] }].map(
      (bad) => {
        try {
          checkCommit(bad);
        } catch (error) {
          expect(error).toBeInstanceOf(ValidationError);
          return (error as ValidationError).field;
        }
        return 'accepted';
      },
    );
    expect(fields).toEqual(['commit.Done', 'commit', 'commit', 'commit', 'commit', 'commit.deletTags']);
  });

  it('policies reject unknown fields and bad numbers', () => {
    expect(checkPolicy({ initialMs: 1000, exponent: 2, maximumMs: 5000, jitter: 0.2 })).toEqual({
      initialMs: 1000,
      exponent: 2,
      maximumMs: 5000,
      jitter: 0.2,
    });
    for (const bad of [
      { initialMs: -1 },
      { exponent: Number.NaN },
      { maximumMs: Infinity },
      { jitter: 2 },
      { retries: 3 },
      5,
    ]) {
      expect(() => checkPolicy(bad)).toThrow(ValidationError);
    }
  });
});
