import { canonicalJson, type Json, type Machine, type Store } from '@tagout/core';
import { expect } from 'vitest';

/**
 * A machine to seed: created `createdAgo` ms before now with the tags `created`, then each tag
 * of `later` written (`setTags`) `ago` ms before now.
 */
export interface MachinePlan {
  createdAgo: number;
  created: Readonly<Record<string, Json>>;
  later: Readonly<Record<string, { value: Json; ago: number }>>;
}

/** A machine created `createdAgo` ms before now whose tags are each written later, `age` ms before now. */
export function laterTags(
  createdAgo: number,
  tags: Readonly<Record<string, { value: Json; age: number }>>,
): MachinePlan {
  const later = Object.fromEntries(
    Object.entries(tags).map(([name, { value, age }]) => [name, { value, ago: age }]),
  );
  return { createdAgo, created: {}, later };
}

/**
 * Writes `plans` to an empty store at `now` (machine i gets the id ending in i) and returns the
 * machines as the store must list them, in (createdAt, id) order.
 */
export async function seedMachines(
  store: Store,
  plans: readonly MachinePlan[],
  now: number,
): Promise<Machine[]> {
  const machines: Machine[] = [];
  for (const [i, plan] of plans.entries()) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    const createdAt = now - plan.createdAgo;
    const tags: Machine['tags'] = {};
    const writes: Record<string, string> = {};
    for (const [name, value] of Object.entries(plan.created)) {
      writes[name] = canonicalJson(value);
      tags[name] = { value: asStored(value), updatedAt: createdAt };
    }
    expect(await store.createMachine({ id, tags: writes, now: createdAt })).toMatchObject({ ok: true });
    for (const [name, { value, ago }] of Object.entries(plan.later)) {
      await store.setTags({ machineId: id, tags: { [name]: canonicalJson(value) }, now: now - ago });
      tags[name] = { value: asStored(value), updatedAt: now - ago };
    }
    machines.push({ id, createdAt, tags });
  }
  return machines.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
}

/** A value as a store returns it: its canonical JSON, parsed (`-0` is `0`). */
function asStored(value: Json): Json {
  return JSON.parse(canonicalJson(value)) as Json;
}
