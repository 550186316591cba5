import { ValidationError } from './errors.js';
import { LIMITS } from './limits.js';

/** A JSON value: what a tag can hold. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Serialises a JSON value canonically: object keys sorted (recursively), no whitespace.
 * Two values that are equal as JSON give the same text, so stores can compare tag
 * values (and parts of them) as text.
 * @throws ValidationError if the value nests deeper than {@link LIMITS.jsonDepth} (checked
 * first, without recursion, so hostile input cannot overflow the stack).
 */
export function canonicalJson(value: Json): string {
  if (nestsTooDeep(value)) throw new ValidationError('value', tooDeep());
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties, so a "__proto__" key stays data.
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortKeys(value[key] as Json)]),
    );
  }
  return value;
}

/** Whether arrays and objects nest deeper than {@link LIMITS.jsonDepth}; an explicit stack, no recursion. */
function nestsTooDeep(value: unknown): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  for (let next = stack.pop(); next !== undefined; next = stack.pop()) {
    const [item, depth] = next;
    if (item === null || typeof item !== 'object') continue;
    if (depth >= LIMITS.jsonDepth) return true;
    for (const child of Object.values(item)) stack.push([child, depth + 1]);
  }
  return false;
}

function tooDeep(): string {
  return `nests arrays and objects deeper than ${LIMITS.jsonDepth} levels`;
}

function tooLarge(): string {
  return `is larger than ${LIMITS.tagValueBytes} bytes as JSON`;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Finds why a string cannot be stored the same way by every store, or returns undefined:
 * U+0000 (Postgres text and jsonb refuse it) and unpaired surrogates (not valid Unicode, so
 * not valid UTF-8) are refused.
 */
export function whyNotStorableText(value: string): string | undefined {
  if (value.includes('\u0000')) return 'U+0000 is not allowed in text';
  if (LONE_SURROGATE.test(value)) return 'unpaired surrogates are not allowed in text';
  return undefined;
}

/** One step of {@link whyNotJson}'s walk: a value to check, or a container whose children are all checked. */
type Step = { value: unknown; depth: number } | { leave: object };

/**
 * Finds why a value is not plain JSON, or returns undefined when it is.
 * Rejects undefined, functions, symbols, bigints, non-finite numbers, cycles, objects
 * that are not plain (Dates, Maps, class instances), text {@link whyNotStorableText}
 * refuses, nesting deeper than {@link LIMITS.jsonDepth}, and more values than
 * {@link LIMITS.tagValueBytes} (each takes at least one byte of JSON text). It walks with an
 * explicit stack, so no input can overflow the call stack, and stops at the first problem.
 */
export function whyNotJson(value: unknown): string | undefined {
  const onPath = new Set<object>();
  const stack: Step[] = [{ value, depth: 0 }];
  let visited = 0;
  for (let step = stack.pop(); step !== undefined; step = stack.pop()) {
    if ('leave' in step) {
      onPath.delete(step.leave);
      continue;
    }
    if (++visited > LIMITS.tagValueBytes) return tooLarge();
    const item = step.value;
    const why = whyNotJsonScalar(item);
    if (why !== undefined) return why;
    if (item === null || typeof item !== 'object') continue;
    if (onPath.has(item)) return 'a cycle is not JSON';
    if (step.depth >= LIMITS.jsonDepth) return tooDeep();
    if (!Array.isArray(item)) {
      const proto = Object.getPrototypeOf(item);
      if (proto !== Object.prototype && proto !== null) return 'only plain objects are JSON';
    }
    onPath.add(item);
    stack.push({ leave: item });
    // An array's indexes (a hole reads as undefined and is refused) or an object's own keys.
    const keys = Array.isArray(item) ? undefined : Object.keys(item);
    const count = keys === undefined ? (item as unknown[]).length : keys.length;
    if (visited + count > LIMITS.tagValueBytes) return tooLarge();
    // Pushed last to first, so the first child is checked first.
    for (let i = count - 1; i >= 0; i--) {
      const key = keys === undefined ? i : (keys[i] as string);
      const whyKey = typeof key === 'string' ? whyNotStorableText(key) : undefined;
      if (whyKey !== undefined) return whyKey;
      stack.push({ value: (item as Record<number | string, unknown>)[key], depth: step.depth + 1 });
    }
  }
  return undefined;
}

/** Why a value that is not an array or object is not JSON; undefined for JSON scalars and containers. */
function whyNotJsonScalar(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return whyNotStorableText(value);
    case 'number':
      return Number.isFinite(value) ? undefined : `${value} is not a JSON number`;
    case 'boolean':
    case 'object':
      return undefined;
    default:
      return `a ${typeof value} is not JSON`;
  }
}
