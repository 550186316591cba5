import { InvalidArgumentError } from 'commander';

/**
 * A commander argument parser for `--limit`-like options: a whole number. Range is left to
 * the engine (its ValidationError, exit 1).
 * @throws InvalidArgumentError (a usage error, exit 2) for anything but digits.
 */
export function wholeNumber(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new InvalidArgumentError('It must be a whole number.');
  return Number(text);
}

/**
 * A commander argument parser for JSON options (`--where`). Whether the JSON is a valid
 * filter is the engine's call (its ValidationError, exit 1).
 * @throws InvalidArgumentError (a usage error, exit 2) for text that is not JSON.
 */
export function jsonValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidArgumentError(
      `It must be JSON: ${error instanceof Error ? error.message : String(error)}.`,
    );
  }
}
