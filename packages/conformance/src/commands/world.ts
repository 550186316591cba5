import type { Session, Work } from '@tagout/core';
import type { TestEngine } from '../harness.js';
import type { ReferenceModel } from '../model/reference-model.js';

/** The model side of a model run: the oracle and the entities created so far, in order. */
export interface ModelWorld {
  model: ReferenceModel;
  /** Every machine id created in this run (deleted ones included). */
  machineIds: string[];
  /** Every session id started in this run (closed ones included). */
  sessionIds: string[];
  /** The token of every work item claimed in this run (ended ones included). */
  tokens: number[];
}

/** The engine side of a model run: the engine and the objects it handed out, parallel to {@link ModelWorld}. */
export interface RealWorld {
  t: TestEngine;
  sessions: Session[];
  works: Work[];
}

/** An entity chosen by a command: `index` modulo the number known, optionally preferring some. */
export interface Pick {
  index: number;
  /** Prefer entities that are still usable (alive sessions, open work items). */
  preferUsable: boolean;
}

/** Picks the position of an entity among `count`, preferring those `usable` says yes to. */
export function pickIndex(pick: Pick, count: number, usable: (i: number) => boolean): number {
  const all = Array.from({ length: count }, (_, i) => i);
  const preferred = pick.preferUsable ? all.filter(usable) : [];
  const pool = preferred.length > 0 ? preferred : all;
  return pool[pick.index % pool.length] as number;
}

/** Which session a command means: a position in both worlds. */
export function pickSession(m: ModelWorld, pick: Pick): number {
  return pickIndex(pick, m.sessionIds.length, (i) => m.model.isAlive(m.sessionIds[i] as string));
}

/** Which work item a command means: a position in both worlds. */
export function pickWork(m: ModelWorld, pick: Pick): number {
  return pickIndex(pick, m.tokens.length, (i) => m.model.handle(m.tokens[i] as number)?.done === false);
}

/** Which earlier work item a retry means: a position in both worlds, ended ones preferred. */
export function pickEndedWork(m: ModelWorld, pick: Pick): number {
  return pickIndex(pick, m.tokens.length, (i) => m.model.handle(m.tokens[i] as number)?.done === true);
}

/** Which machine a command means (existing ones preferred when asked). */
export function pickMachine(m: ModelWorld, pick: Pick): string {
  const i = pickIndex(pick, m.machineIds.length, (k) => m.model.machine(m.machineIds[k] as string) !== null);
  return m.machineIds[i] as string;
}

/** How a pick prints in a command sequence: `s#3` (the 3rd usable one, modulo) or `s#3*` (the 3rd of all, usable or not). */
export function showPick(prefix: string, pick: Pick): string {
  return `${prefix}#${pick.index}${pick.preferUsable ? '' : '*'}`;
}
