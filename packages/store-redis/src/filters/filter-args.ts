import type { StoreFilter } from '@tagout/core';

type LuaFilter =
  | { k: 'has' | 'lacks'; t: string }
  | { k: 'eq'; t: string; p: string[]; v: string }
  | { k: 'older' | 'newer'; t: string; ms: number }
  | { k: 'and' | 'or'; f: LuaFilter[] }
  | { k: 'not'; f: LuaFilter };

/**
 * Encodes a filter for the Lua scripts (see filters.lua beside it). Path segments are sent as
 * JSON string literals, the form in which they appear in a tag's canonical JSON text.
 */
export function filterArg(filter: StoreFilter): string {
  return JSON.stringify(toLua(filter));
}

function toLua(filter: StoreFilter): LuaFilter {
  switch (filter.kind) {
    case 'has':
    case 'lacks':
      return { k: filter.kind, t: filter.tag };
    case 'equals':
      return { k: 'eq', t: filter.tag, p: filter.path.map((key) => JSON.stringify(key)), v: filter.json };
    case 'older':
    case 'newer':
      return { k: filter.kind, t: filter.tag, ms: filter.ms };
    case 'and':
    case 'or':
      return { k: filter.kind, f: filter.filters.map(toLua) };
    case 'not':
      return { k: 'not', f: toLua(filter.filter) };
  }
}
