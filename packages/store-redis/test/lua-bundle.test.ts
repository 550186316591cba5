import { describe, expect, it } from 'vitest';
import { bundleLua } from '../src/lua-bundle.js';

/** Reads includes from a table; undefined for a name it lacks. */
function from(files: Record<string, string>): (name: string) => string | undefined {
  return (name) => files[name];
}

const INCLUDES = {
  base: '-- The base.\nlocal B = KEYS[1]',
  double: '--- @include "base"\n\nlocal function double(x)\n  return x * 2 .. B\nend',
  quad: '-- Uses double.\n--- @include "base"\n--- @include "double"\nlocal function quad(x)\n  return double(double(x))\nend',
};

describe('bundleLua', () => {
  it('puts each include first, once, after the includes it names, and drops the include lines', () => {
    const script = '-- script: a header.\n--- @include "quad"\n--- @include "double"\nreturn quad(1)';
    expect(bundleLua('script.lua', script, from(INCLUDES))).toBe(
      [
        '-- The base.\nlocal B = KEYS[1]',
        '\nlocal function double(x)\n  return x * 2 .. B\nend',
        '-- Uses double.\nlocal function quad(x)\n  return double(double(x))\nend',
        '-- script: a header.\nreturn quad(1)',
      ].join('\n'),
    );
  });

  it('keeps the order in which a file names its includes', () => {
    const files = { a: 'local a = 1', b: 'local b = 2' };
    expect(bundleLua('s.lua', '--- @include "b"\n--- @include "a"\nreturn a + b', from(files))).toBe(
      'local b = 2\nlocal a = 1\nreturn a + b',
    );
  });

  it('refuses an include that does not exist, naming the chain that led to it', () => {
    const files = { ...INCLUDES, double: '--- @include "base"\n--- @include "triple"\nlocal x = 1' };
    expect(() => bundleLua('s.lua', '--- @include "quad"\nreturn 1', from(files))).toThrow(
      'tagout: s.lua: Lua include "triple" not found (quad -> double -> triple)',
    );
  });

  it('refuses a cycle, naming it', () => {
    const files = {
      a: '--- @include "b"\nlocal a = 1',
      b: '--- @include "c"\nlocal b = 1',
      c: '--- @include "a"',
    };
    expect(() => bundleLua('s.lua', '--- @include "a"\nreturn 1', from(files))).toThrow(
      'tagout: s.lua: Lua include cycle a -> b -> c -> a',
    );
    expect(() => bundleLua('s.lua', '--- @include "self"', from({ self: '--- @include "self"' }))).toThrow(
      'Lua include cycle self -> self',
    );
  });

  it('refuses an include line after code, a malformed one, and one named twice', () => {
    const read = from(INCLUDES);
    expect(() => bundleLua('s.lua', 'local x = 1\n--- @include "base"', read)).toThrow(
      'tagout: s.lua: include "base" after the first line of code',
    );
    expect(() => bundleLua('s.lua', "--- @include 'base'\nreturn 1", read)).toThrow(
      'tagout: s.lua: malformed include line',
    );
    expect(() => bundleLua('s.lua', '--- @include "base"\n--- @include "base"', read)).toThrow(
      'tagout: s.lua includes "base" twice',
    );
  });
});
