import type {
  StoreCreateMachineInput,
  StoreDeleteMachineInput,
  StoreDeleteTagsInput,
  StoreSetTagsInput,
} from '@tagout/core';
import type { Connection } from './connection.js';
import { appendReleases, writeTags } from './steps.js';

const NOT_FOUND = { ok: false, reason: 'not-found' } as const;

/** Creates a machine and its tags, all at `now`. */
export function createMachine(
  c: Connection,
  input: StoreCreateMachineInput,
): { ok: true; createdAt: number } | { ok: false; reason: 'exists' } {
  return c.write(() => {
    const now = input.now ?? Date.now();
    if (c.sql.insertMachine.run(input.id, now).changes === 0)
      return { ok: false as const, reason: 'exists' as const };
    writeTags(c, input.id, input.tags, now);
    return { ok: true as const, createdAt: now };
  });
}

/** Upserts tags of an existing machine. */
export function setTags(c: Connection, input: StoreSetTagsInput): { ok: true } | typeof NOT_FOUND {
  return c.write(() => {
    const now = input.now ?? Date.now();
    if (c.sql.machineExists.get(input.machineId) === undefined) return NOT_FOUND;
    writeTags(c, input.machineId, input.tags, now);
    return { ok: true as const };
  });
}

/** Deletes the named tags of an existing machine. */
export function deleteTags(c: Connection, input: StoreDeleteTagsInput): { ok: true } | typeof NOT_FOUND {
  return c.write(() => {
    if (c.sql.machineExists.get(input.machineId) === undefined) return NOT_FOUND;
    for (const name of input.names) c.sql.deleteTag.run(input.machineId, name);
    return { ok: true as const };
  });
}

/** Deletes a machine without live work: reaps its expired work, drops tags and backoffs; history stays. */
export function deleteMachine(
  c: Connection,
  input: StoreDeleteMachineInput,
): { ok: true } | { ok: false; reason: 'not-found' | 'busy'; process?: string } {
  return c.write(() => {
    const now = input.now ?? Date.now();
    const { machineId } = input;
    if (c.sql.machineExists.get(machineId) === undefined) return NOT_FOUND;
    const held = c.sql.liveWorkOnMachine.get(machineId, now);
    if (held !== undefined) return { ok: false as const, reason: 'busy' as const, process: held };
    const expired = c.sql.deleteMachineWork
      .all(machineId)
      .map((row) => ({ machineId, process: row.process, sessionId: row.session_id, token: row.token }));
    appendReleases(c, expired, 'Expired', now);
    c.sql.deleteMachineTags.run(machineId);
    c.sql.deleteMachineBackoffs.run(machineId);
    c.sql.deleteMachine.run(machineId);
    return { ok: true as const };
  });
}
