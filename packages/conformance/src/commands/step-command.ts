import type fc from 'fast-check';
import { expectSameState } from './compare-state.js';
import type { ModelWorld, RealWorld } from './world.js';

/**
 * A command of the model run: acts on the engine and the model (`act`), then the
 * observable state of both is compared. `toString` is what a failure prints.
 */
export abstract class StepCommand implements fc.AsyncCommand<ModelWorld, RealWorld> {
  /** Whether the command makes sense now (e.g. a session exists to use). */
  check(_m: Readonly<ModelWorld>): boolean {
    return true;
  }

  async run(m: ModelWorld, r: RealWorld): Promise<void> {
    await this.act(m, r);
    await expectSameState(m, r);
  }

  /** Runs the operation on both sides and asserts they agree on its outcome. */
  protected abstract act(m: ModelWorld, r: RealWorld): Promise<void>;

  abstract toString(): string;
}

/** JSON for command printing (undefined shown, long strings cut to their head and tail). */
export function show(value: unknown): string {
  if (value === undefined) return 'undefined';
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (v === undefined) return '<undefined>';
    if (typeof v === 'string' && v.length > 40) return `${v.slice(0, 16)}…${v.slice(-4)}(${v.length} chars)`;
    return v;
  });
  return text ?? String(value);
}
