import { describe, expect, it } from 'vitest';
import { bundleLua } from '../src/lua-bundle.js';

const HELPERS = `-- A file header, dropped.

local B = KEYS[1]

-- Doubles.
local function double(x)
  return x * 2
end

local function unused()
  return B
end

-- Uses double.
local function quad(x)
  local y = double(x)

  return double(y)
end`;

describe('bundleLua', () => {
  it('keeps only the helpers a script uses, directly or through others, in file order', () => {
    expect(bundleLua(HELPERS, 'return quad(1)')).toBe(
      [
        '-- Doubles.\nlocal function double(x)\n  return x * 2\nend',
        '-- Uses double.\nlocal function quad(x)\n  local y = double(x)\n\n  return double(y)\nend',
        'return quad(1)',
      ].join('\n'),
    );
  });

  it('does not take a name inside a longer identifier or after a dot for a use', () => {
    expect(bundleLua(HELPERS, 'local quadruple = t.double\nreturn B')).toBe(
      'local B = KEYS[1]\nlocal quadruple = t.double\nreturn B',
    );
  });
});
