import { InvalidArgumentError } from 'commander';

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * A commander argument parser for durations: a whole number with a unit (`30d`, `12h`, `90m`,
 * `45s`, `500ms`) or plain ms (`1500`). Range is left to the engine (its ValidationError, exit 1).
 * @throws InvalidArgumentError (a usage error, exit 2) for anything else.
 */
export function duration(text: string): number {
  const match = /^(\d+)(ms|s|m|h|d)?$/.exec(text.trim());
  if (match === null) {
    throw new InvalidArgumentError(
      'It must be a duration: a whole number with ms, s, m, h or d (30d, 12h), or plain ms.',
    );
  }
  return Number(match[1]) * (UNIT_MS[match[2] ?? 'ms'] ?? 1);
}
