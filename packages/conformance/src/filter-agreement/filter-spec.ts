import { canonicalJson, type Json, type Machine, type StoreFilter } from '@tagout/core';
import fc from 'fast-check';

/** Which (path, value) pairs of the seeded machines a `seen` filter picks from. */
export type SeenFrom =
  /** Through object keys only; every other pick goes below the root, where paths are exercised. */
  | 'objects'
  /** Through object keys and array items (an `equals` at a path through an array must not match). */
  | 'anything';

/**
 * A filter as generated: a `StoreFilter`, or `seen`, which becomes an `equals` of a (path, value)
 * some seeded machine really has, so that equality matches often.
 */
export type FilterSpec =
  | Exclude<StoreFilter, { kind: 'and' | 'or' | 'not' }>
  | { kind: 'seen'; tag: string; pick: number; from: SeenFrom }
  | { kind: 'and' | 'or'; filters: readonly FilterSpec[] }
  | { kind: 'not'; filter: FilterSpec };

/** What {@link filterSpecArbitrary} builds filters from. */
export interface FilterShape {
  tags: readonly string[];
  /** Segments of `equals` paths (at most 2 per path). */
  pathKeys: readonly string[];
  /** Values of `equals`. */
  json: fc.Arbitrary<Json>;
  /** Ages of `older` and `newer`. */
  ms: fc.Arbitrary<number>;
  seenFrom: SeenFrom;
}

/** Filters of every kind over `shape`, nested small. */
export function filterSpecArbitrary(shape: FilterShape): fc.Arbitrary<FilterSpec> {
  return fc.letrec<{ filter: FilterSpec }>((tie) => {
    const tag = fc.constantFrom(...shape.tags);
    return {
      filter: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        tag.map((t): FilterSpec => ({ kind: 'has', tag: t })),
        tag.map((t): FilterSpec => ({ kind: 'lacks', tag: t })),
        fc
          .record({
            tag,
            path: fc.array(fc.constantFrom(...shape.pathKeys), { maxLength: 2 }),
            value: shape.json,
          })
          .map(
            ({ tag: t, path, value }): FilterSpec => ({
              kind: 'equals',
              tag: t,
              path,
              json: canonicalJson(value),
            }),
          ),
        fc
          .record({ tag, pick: fc.nat() })
          .map(({ tag: t, pick }): FilterSpec => ({ kind: 'seen', tag: t, pick, from: shape.seenFrom })),
        fc.record({ tag, ms: shape.ms }).map(({ tag: t, ms }): FilterSpec => ({ kind: 'older', tag: t, ms })),
        fc.record({ tag, ms: shape.ms }).map(({ tag: t, ms }): FilterSpec => ({ kind: 'newer', tag: t, ms })),
        fc.array(tie('filter'), { maxLength: 3 }).map((filters): FilterSpec => ({ kind: 'and', filters })),
        fc.array(tie('filter'), { maxLength: 3 }).map((filters): FilterSpec => ({ kind: 'or', filters })),
        tie('filter').map((inner): FilterSpec => ({ kind: 'not', filter: inner })),
      ),
    };
  }).filter;
}

/** Turns a generated spec into a filter, resolving `seen` against the seeded machines. */
export function resolveFilter(spec: FilterSpec, machines: readonly Machine[]): StoreFilter {
  switch (spec.kind) {
    case 'seen': {
      const [path, value] = pickSeen(spec, machines);
      return { kind: 'equals', tag: spec.tag, path, json: canonicalJson(value) };
    }
    case 'and':
    case 'or':
      return { kind: spec.kind, filters: spec.filters.map((child) => resolveFilter(child, machines)) };
    case 'not':
      return { kind: 'not', filter: resolveFilter(spec.filter, machines) };
    default:
      return spec;
  }
}

function pickSeen(
  spec: Extract<FilterSpec, { kind: 'seen' }>,
  machines: readonly Machine[],
): [string[], Json] {
  const seen = machines.flatMap((m) => {
    const tag = m.tags[spec.tag];
    return tag === undefined ? [] : parts(tag.value, spec.from);
  });
  if (spec.from === 'anything') return seen[spec.pick % Math.max(seen.length, 1)] ?? [[], null];
  // Half the picks go below the root, where paths are exercised.
  const deep = seen.filter(([path]) => path.length > 0);
  const pool = spec.pick % 2 === 0 && deep.length > 0 ? deep : seen;
  return pool[Math.floor(spec.pick / 2) % Math.max(pool.length, 1)] ?? [[], null];
}

/** Every (path, value) inside `value` reachable as `from` says, the root included. */
function parts(value: Json, from: SeenFrom, path: string[] = []): [string[], Json][] {
  const found: [string[], Json][] = [[path, value]];
  const walks = value !== null && typeof value === 'object' && (from === 'anything' || !Array.isArray(value));
  if (walks)
    for (const [key, child] of Object.entries(value)) found.push(...parts(child, from, [...path, key]));
  return found;
}
