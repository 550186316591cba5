import type { Redis } from '@tagout/store-redis';

/**
 * The floor of the Redis bench: the same writes as a tagout cycle by the most minimal Lua
 * scripts, called from the same client: claim = SET NX the work key + XADD history;
 * finish = DEL + XADD; fail = DEL + XADD + HSET of the backoff.
 */
export interface Floor {
  /** Claims `machineId`; false when another worker holds it. */
  claim(machineId: string, token: number): Promise<boolean>;
  finish(machineId: string, token: number): Promise<void>;
  fail(machineId: string, token: number): Promise<void>;
}

const CLAIM = `if redis.call('SET', KEYS[1], ARGV[1], 'NX') then
  redis.call('XADD', KEYS[2], '*', 'e', 'Started', 'm', ARGV[2], 't', ARGV[1])
  return 1
end
return 0`;
const FINISH = `redis.call('DEL', KEYS[1])
redis.call('XADD', KEYS[2], '*', 'e', 'Finished', 'm', ARGV[2], 't', ARGV[1])`;
const FAIL = `redis.call('DEL', KEYS[1])
redis.call('XADD', KEYS[2], '*', 'e', 'Failed', 'm', ARGV[2], 't', ARGV[1])
redis.call('HSET', KEYS[3], ARGV[2], ARGV[1])`;

type FloorCommands = {
  floorClaim(work: string, history: string, token: number, id: string): Promise<number>;
  floorFinish(work: string, history: string, token: number, id: string): Promise<unknown>;
  floorFail(work: string, history: string, backoffs: string, token: number, id: string): Promise<unknown>;
};

/** Defines the floor scripts on `client` (EVALSHA like the store) under the key base `base`. */
export function defineFloor(client: Redis, base: string): Floor {
  client.defineCommand('floorClaim', { numberOfKeys: 2, lua: CLAIM });
  client.defineCommand('floorFinish', { numberOfKeys: 2, lua: FINISH });
  client.defineCommand('floorFail', { numberOfKeys: 3, lua: FAIL });
  const commands = client as unknown as FloorCommands;
  const history = `${base}h`;
  return {
    claim: async (id, token) => (await commands.floorClaim(`${base}w:${id}`, history, token, id)) === 1,
    finish: async (id, token) => {
      await commands.floorFinish(`${base}w:${id}`, history, token, id);
    },
    fail: async (id, token) => {
      await commands.floorFail(`${base}w:${id}`, history, `${base}b`, token, id);
    },
  };
}
