import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bundleLua } from '../src/lua-bundle.js';
import { redisAvailable, testNamespace } from './helpers/redis-env.js';

const available = await redisAvailable();

/** The real include `deferred`, and one that reaches it, as the operation scripts' includes do. */
const INCLUDES: Record<string, string> = {
  deferred: readFileSync(new URL('../src/lua/includes/deferred.lua', import.meta.url), 'utf8'),
  log: '--- @include "deferred"\nlocal function log(what)\n  redis.call(\'RPUSH\', KEYS[1], what)\nend',
};

/**
 * Logs 'body', registers a flush that logs 'last' (to run after the others, though registered
 * first) and one that logs 'flushed', and returns early or at its end.
 */
const SCRIPT = `--- @include "log"
at_end_last(function()
  log('last')
end)
at_end(function()
  log('flushed')
end)
log('body')
if ARGV[1] == 'early' then
  return 'returned early'
end
return 'returned at the end'`;

describe.skipIf(!available)('a script that includes `deferred` (the real Redis)', () => {
  const { client, prefix } = testNamespace('deferred');
  const source = bundleLua('s.lua', SCRIPT, (name) => INCLUDES[name]);

  it.each([
    ['early', 'returned early'],
    ['late', 'returned at the end'],
  ])(
    'runs its flushes after the body, however it returned (%s), the last ones last, and keeps the reply',
    async (how, reply) => {
      const key = `tagout:{${prefix}}:log:${how}`;
      expect(await client.eval(source, 1, key, how)).toBe(reply);
      expect(await client.lrange(key, 0, -1)).toEqual(['body', 'flushed', 'last']);
    },
  );

  it('a script without it is left as it is', () => {
    expect(
      bundleLua('s.lua', '--- @include "x"\nreturn 1', (name) => (name === 'x' ? 'local x = 1' : undefined)),
    ).toBe('local x = 1\nreturn 1');
  });
});
