import { ValidationError } from './errors.js';
import { isUuid } from './ids.js';
import { canonicalJson, type Json, whyNotJson, whyNotStorableText } from './json.js';
import { LIMITS } from './limits.js';
import { checkOptions } from './options.js';
import type { TagWrites } from './store.js';
import type { BackoffPolicy } from './types.js';
import type { WorkCommit } from './work.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_.:/-]*$/;

/** A tag or process name: a letter or `_`, then letters, digits, `_ . : / -`; at most 128 characters. */
export function checkName(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0)
    throw new ValidationError(field, 'must be a non-empty string');
  if (value.length > LIMITS.nameLength)
    throw new ValidationError(field, `is longer than ${LIMITS.nameLength} characters`);
  if (value === '__proto__') throw new ValidationError(field, '"__proto__" is reserved');
  if (!NAME.test(value)) {
    throw new ValidationError(
      field,
      `"${value}" must start with a letter or _ and use only letters, digits and _ . : / -`,
    );
  }
  return value;
}

/** A machine id: a UUID; returned lowercase. */
export function checkMachineId(field: string, value: unknown): string {
  if (!isUuid(value)) throw new ValidationError(field, `${JSON.stringify(value)} is not a UUID`);
  return value.toLowerCase();
}

/** A process the engine was opened with. */
export function checkProcess(value: unknown, known: ReadonlySet<string>): string {
  if (typeof value !== 'string' || !known.has(value)) {
    throw new ValidationError(
      'process',
      `${JSON.stringify(value)} is not one of the engine's processes (${[...known].join(', ')})`,
    );
  }
  return value;
}

/** A duration in ms: finite, ≥ 0 (or > 0), at most about 24.8 days. */
export function checkDuration(field: string, value: unknown, options: { positive?: boolean } = {}): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new ValidationError(field, 'must be a finite number of ms');
  if (value < 0 || (options.positive && value === 0)) {
    throw new ValidationError(field, options.positive ? 'must be greater than 0' : 'must not be negative');
  }
  if (value > LIMITS.durationMs) throw new ValidationError(field, `must be at most ${LIMITS.durationMs} ms`);
  return value;
}

/** A listing limit: a positive integer up to {@link LIMITS.listLimit}. */
export function checkLimit(field: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > LIMITS.listLimit) {
    throw new ValidationError(field, `must be an integer from 1 to ${LIMITS.listLimit}`);
  }
  return value;
}

/**
 * A failure cause: an Error (its message) or a string; not blank, at most 4096 characters.
 * Also an operator's reason (`field` names it in the error).
 */
export function checkCause(value: unknown, field = 'cause'): string {
  const text = value instanceof Error ? value.message : value;
  if (typeof text !== 'string' || text.trim().length === 0) {
    throw new ValidationError(field, 'must be a non-empty string or an Error with a message');
  }
  if (text.length > LIMITS.causeLength)
    throw new ValidationError(field, `is longer than ${LIMITS.causeLength} characters`);
  const why = whyNotStorableText(text);
  if (why !== undefined) throw new ValidationError(field, why);
  return text;
}

/** An optional boolean flag; absent means `fallback`. */
export function checkFlag(field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new ValidationError(field, 'must be a boolean');
  return value;
}

/** A bounded free-text field. */
export function checkText(
  field: string,
  value: unknown,
  maxLength: number,
  options: { allowEmpty?: boolean } = {},
): string {
  if (typeof value !== 'string' || (!options.allowEmpty && value.length === 0)) {
    throw new ValidationError(field, 'must be a non-empty string');
  }
  if (value.length > maxLength) throw new ValidationError(field, `is longer than ${maxLength} characters`);
  const why = whyNotStorableText(value);
  if (why !== undefined) throw new ValidationError(field, why);
  return value;
}

/**
 * A JSON value, returned as canonical JSON text. Every problem, nesting deeper than
 * {@link LIMITS.jsonDepth} included, is found without recursion before the value is
 * canonicalised.
 */
export function checkJson(field: string, value: unknown): string {
  const why = whyNotJson(value);
  if (why !== undefined) throw new ValidationError(field, why);
  const text = canonicalJson(value as Json);
  if (Buffer.byteLength(text) > LIMITS.tagValueBytes) {
    throw new ValidationError(field, `is larger than ${LIMITS.tagValueBytes} bytes as JSON`);
  }
  return text;
}

/**
 * A finish commit: undefined (nothing to write) or a plain object with only `setTags` and
 * `deleteTags`; anything else (`'ok'`, `{ Done: true }`) is refused rather than committing nothing.
 */
export function checkCommit(value: unknown): { setTags: TagWrites; deleteTags: string[] };
/** As above, with the tag writes checked by `checkTags` (an engine's tag schemas). */
export function checkCommit<Writes>(
  value: unknown,
  checkTags: (field: string, value: unknown) => Writes,
): { setTags: Writes; deleteTags: string[] };
export function checkCommit(
  value: unknown,
  checkTags: (field: string, value: unknown) => unknown = checkTagWrites,
): { setTags: unknown; deleteTags: string[] } {
  if (value === undefined) return { setTags: checkTags('setTags', undefined), deleteTags: [] };
  const commit = checkOptions<WorkCommit>('commit', value, ['setTags', 'deleteTags']);
  return {
    setTags: checkTags('setTags', commit.setTags),
    deleteTags: checkTagNames('deleteTags', commit.deleteTags),
  };
}

/** Tag writes: a plain object of name → JSON value. */
export function checkTagWrites(field: string, value: unknown): TagWrites {
  const writes: Record<string, string> = {};
  for (const [name, tagValue] of checkTagEntries(field, value)) {
    writes[name] = checkJson(`${field}.${name}`, tagValue);
  }
  return writes;
}

/**
 * The entries of tag writes, values not yet checked: a plain object (or undefined: none) of at
 * most `LIMITS.tagsPerWrite` tags with valid names.
 */
export function checkTagEntries(field: string, value: unknown): [string, unknown][] {
  if (value === undefined) return [];
  if (!isPlainObject(value))
    throw new ValidationError(field, 'must be a plain object of tag name → JSON value');
  const entries = Object.entries(value);
  if (entries.length > LIMITS.tagsPerWrite)
    throw new ValidationError(field, `has more than ${LIMITS.tagsPerWrite} tags`);
  for (const [name] of entries) checkName(`${field} name`, name);
  return entries;
}

/** A list of tag names. */
export function checkTagNames(field: string, value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new ValidationError(field, 'must be an array of tag names');
  if (value.length > LIMITS.tagsPerWrite)
    throw new ValidationError(field, `has more than ${LIMITS.tagsPerWrite} names`);
  return [...new Set(value.map((name, i) => checkName(`${field}[${i}]`, name)))];
}

/** A backoff policy: every field optional, durations finite and ≥ 0, exponent finite, jitter a boolean or in [0, 1]. */
export function checkPolicy(value: unknown): BackoffPolicy | undefined {
  if (value === undefined) return undefined;
  const fields = checkOptions<Record<keyof BackoffPolicy, unknown>>('policy', value, [
    'initialMs',
    'maximumMs',
    'exponent',
    'jitter',
  ]);
  const policy: BackoffPolicy = {};
  if (fields.initialMs !== undefined) policy.initialMs = checkDuration('policy.initialMs', fields.initialMs);
  if (fields.maximumMs !== undefined) policy.maximumMs = checkDuration('policy.maximumMs', fields.maximumMs);
  if (fields.exponent !== undefined) {
    if (
      typeof fields.exponent !== 'number' ||
      !Number.isFinite(fields.exponent) ||
      fields.exponent < 0 ||
      fields.exponent > 1000
    ) {
      throw new ValidationError('policy.exponent', 'must be a finite number from 0 to 1000');
    }
    policy.exponent = fields.exponent;
  }
  if (fields.jitter !== undefined) {
    const jitter = fields.jitter;
    const ok = typeof jitter === 'boolean' || (typeof jitter === 'number' && jitter >= 0 && jitter <= 1);
    if (!ok) throw new ValidationError('policy.jitter', 'must be a boolean or a number from 0 to 1');
    policy.jitter = jitter as boolean | number;
  }
  return policy;
}

/** Whether a value is a plain object (not an array, not a class instance). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
