import { ValidationError } from './errors.js';
import { canonicalJson, type Json } from './json.js';
import { LIMITS } from './limits.js';
import type { StoreFilter } from './store.js';
import type { Machine } from './types.js';
import { checkDuration, checkJson, checkName, isPlainObject } from './validate.js';

/**
 * Validates a user filter and turns it into the store's form (values as canonical JSON).
 * @throws ValidationError on any malformed node, unknown key, or a filter that is too large.
 */
export function compileFilter(filter: unknown, field = 'where'): StoreFilter {
  const budget = { nodes: 0 };
  return compileNode(filter, field, 1, budget);
}

function compileNode(node: unknown, field: string, depth: number, budget: { nodes: number }): StoreFilter {
  if (depth > LIMITS.filterDepth) throw new ValidationError(field, `nests deeper than ${LIMITS.filterDepth}`);
  if (++budget.nodes > LIMITS.filterNodes)
    throw new ValidationError(field, `has more than ${LIMITS.filterNodes} nodes`);
  if (!isPlainObject(node)) throw new ValidationError(field, 'must be a filter object');
  const keys = Object.keys(node).sort().join(',');
  switch (keys) {
    case 'has':
      return { kind: 'has', tag: checkName(`${field}.has`, node.has) };
    case 'lacks':
      return { kind: 'lacks', tag: checkName(`${field}.lacks`, node.lacks) };
    case 'equals,tag':
    case 'equals,path,tag':
      return {
        kind: 'equals',
        tag: checkName(`${field}.tag`, node.tag),
        path: compilePath(`${field}.path`, node.path),
        json: checkJson(`${field}.equals`, node.equals),
      };
    case 'olderThanMs,tag':
      return {
        kind: 'older',
        tag: checkName(`${field}.tag`, node.tag),
        ms: checkDuration(`${field}.olderThanMs`, node.olderThanMs),
      };
    case 'newerThanMs,tag':
      return {
        kind: 'newer',
        tag: checkName(`${field}.tag`, node.tag),
        ms: checkDuration(`${field}.newerThanMs`, node.newerThanMs),
      };
    case 'and':
    case 'or': {
      const list = node[keys];
      if (!Array.isArray(list)) throw new ValidationError(`${field}.${keys}`, 'must be an array of filters');
      const filters = list.map((child, i) => compileNode(child, `${field}.${keys}[${i}]`, depth + 1, budget));
      return { kind: keys, filters };
    }
    case 'not':
      return { kind: 'not', filter: compileNode(node.not, `${field}.not`, depth + 1, budget) };
    default:
      throw new ValidationError(
        field,
        `{${keys}} is not a filter (use has, lacks, tag+equals, tag+olderThanMs, tag+newerThanMs, and, or, not)`,
      );
  }
}

function compilePath(field: string, path: unknown): string[] {
  if (path === undefined) return [];
  if (!Array.isArray(path) || path.some((segment) => typeof segment !== 'string' || segment.length === 0)) {
    throw new ValidationError(field, 'must be an array of non-empty strings');
  }
  if (path.length > LIMITS.pathSegments)
    throw new ValidationError(field, `has more than ${LIMITS.pathSegments} segments`);
  for (const segment of path) {
    if (segment.length > LIMITS.nameLength)
      throw new ValidationError(field, `segment longer than ${LIMITS.nameLength}`);
  }
  return path as string[];
}

/**
 * Evaluates a compiled filter against a machine at `now`: the reference semantics that
 * every store's query must agree with.
 */
export function matchesFilter(filter: StoreFilter, machine: Machine, now: number): boolean {
  switch (filter.kind) {
    case 'has':
      return Object.hasOwn(machine.tags, filter.tag);
    case 'lacks':
      return !Object.hasOwn(machine.tags, filter.tag);
    case 'equals': {
      const tag = tagOf(machine, filter.tag);
      if (tag === undefined) return false;
      const value = valueAtPath(tag.value, filter.path);
      return value !== undefined && canonicalJson(value) === filter.json;
    }
    case 'older': {
      const tag = tagOf(machine, filter.tag);
      return tag !== undefined && tag.updatedAt <= now - filter.ms;
    }
    case 'newer': {
      const tag = tagOf(machine, filter.tag);
      return tag !== undefined && tag.updatedAt > now - filter.ms;
    }
    case 'and':
      return filter.filters.every((child) => matchesFilter(child, machine, now));
    case 'or':
      return filter.filters.some((child) => matchesFilter(child, machine, now));
    case 'not':
      return !matchesFilter(filter.filter, machine, now);
  }
}

/** The machine's own tag of that name (never an inherited property like `constructor`). */
function tagOf(machine: Machine, name: string): Machine['tags'][string] | undefined {
  return Object.hasOwn(machine.tags, name) ? machine.tags[name] : undefined;
}

/** The JSON value at `path` (object keys only), or undefined when the path does not exist. */
export function valueAtPath(value: Json, path: readonly string[]): Json | undefined {
  let current: Json | undefined = value;
  for (const segment of path) {
    if (current === null || typeof current !== 'object' || Array.isArray(current)) return undefined;
    if (!Object.hasOwn(current, segment)) return undefined;
    current = current[segment];
  }
  return current;
}
