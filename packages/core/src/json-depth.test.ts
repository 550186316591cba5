import { describe, expect, it } from 'vitest';
import { ValidationError } from './errors.js';
import { canonicalJson, type Json, whyNotJson } from './json.js';
import { LIMITS } from './limits.js';
import { checkJson, checkTagWrites } from './validate.js';

/** `depth` arrays (or objects) inside each other around 1, built without recursion. */
function nested(depth: number, kind: 'array' | 'object'): Json {
  let value: Json = 1;
  for (let i = 0; i < depth; i++) value = kind === 'array' ? [value] : { a: value };
  return value;
}

/** What `run` threw. */
function thrown(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('JSON nesting depth', () => {
  it.each(['array', 'object'] as const)('accepts %ss nested exactly LIMITS.jsonDepth deep', (kind) => {
    const value = nested(LIMITS.jsonDepth, kind);
    expect(whyNotJson(value)).toBeUndefined();
    expect(checkJson('tags.Deep', value)).toBe(JSON.stringify(value));
  });

  it.each([
    ['array', LIMITS.jsonDepth + 1],
    ['object', LIMITS.jsonDepth + 1],
    ['array', 2_000],
    ['object', 20_000],
    ['array', 100_000],
  ] as const)('refuses %ss nested %i deep with a ValidationError naming the field', (kind, depth) => {
    const error = thrown(() => checkTagWrites('tags', { Deep: nested(depth, kind) }));
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'tags.Deep' });
    expect((error as Error).message).toContain(`deeper than ${LIMITS.jsonDepth}`);
  });

  it('canonicalJson refuses a value too deep for it instead of overflowing the stack', () => {
    const error = thrown(() => canonicalJson(nested(100_000, 'object')));
    expect(error).toBeInstanceOf(ValidationError);
    expect(canonicalJson(nested(LIMITS.jsonDepth, 'object'))).toBe(
      JSON.stringify(nested(LIMITS.jsonDepth, 'object')),
    );
  });

  it('still names a cycle a cycle, and refuses a value with more elements than bytes allowed', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = { back: cycle };
    expect(whyNotJson(cycle)).toBe('a cycle is not JSON');
    expect(whyNotJson([1, [2, [3]]])).toBeUndefined();
    const shared = { a: 1 };
    expect(whyNotJson([shared, shared])).toBeUndefined();
    expect(whyNotJson(new Array(LIMITS.tagValueBytes + 1).fill(0))).toContain('larger than');
    expect(whyNotJson(new Array(3))).toBe('a undefined is not JSON'); // holes of a sparse array
  });
});
