import { ValidationError } from './errors.js';

/**
 * Checks that `value` is a plain object whose keys are all in `allowed` and returns it
 * typed. A misspelled key (`{ machine: id }` for `{ machineId: id }`) is refused rather
 * than silently ignored. For options objects everywhere: core, stores, runner.
 * @throws ValidationError naming the first unknown key.
 * @example checkOptions('options', options, ['path', 'timeoutMs'])
 */
export function checkOptions<T extends object>(
  field: string,
  value: unknown,
  allowed: readonly (keyof T & string)[],
): T {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ValidationError(field, 'must be an object');
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new ValidationError(field, 'must be a plain object');
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key as keyof T & string)) {
      throw new ValidationError(`${field}.${key}`, `is not a known option (known: ${allowed.join(', ')})`);
    }
  }
  return value as T;
}
