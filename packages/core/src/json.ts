/** A JSON value: what a tag can hold. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * Serialises a JSON value canonically: object keys sorted (recursively), no whitespace.
 * Two values that are equal as JSON give the same text, so stores can compare tag
 * values (and parts of them) as text.
 */
export function canonicalJson(value: Json): string {
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

/**
 * Finds why a value is not plain JSON, or returns undefined when it is.
 * Rejects undefined, functions, symbols, bigints, non-finite numbers, cycles, objects
 * that are not plain (Dates, Maps, class instances), and text {@link whyNotStorableText} refuses.
 */
export function whyNotJson(value: unknown, seen: Set<object> = new Set()): string | undefined {
  switch (typeof value) {
    case 'string':
      return whyNotStorableText(value);
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : `${value} is not a JSON number`;
    case 'object': {
      if (value === null) return undefined;
      if (seen.has(value)) return 'a cycle is not JSON';
      seen.add(value);
      try {
        if (Array.isArray(value)) {
          for (const item of value) {
            const why = whyNotJson(item, seen);
            if (why) return why;
          }
          return undefined;
        }
        const proto = Object.getPrototypeOf(value);
        if (proto !== Object.prototype && proto !== null) return 'only plain objects are JSON';
        for (const [key, item] of Object.entries(value)) {
          const why = whyNotStorableText(key) ?? whyNotJson(item, seen);
          if (why) return why;
        }
        return undefined;
      } finally {
        seen.delete(value);
      }
    }
    default:
      return `a ${typeof value} is not JSON`;
  }
}
