import { compileFilter, type Filter, type Json, whyNotJson } from '@tagout/core';
import fc from 'fast-check';
import type { StoreLimits } from '../store-limits.js';
import { type FilterShape, type FilterSpec, filterSpecArbitrary } from './filter-spec.js';
import { jsonArbitrary } from './json-arbitrary.js';
import { laterTags, type MachinePlan } from './machine-plan.js';

/**
 * One property of the `filter-agreement` group: random machines and filters, each stressing
 * what one store's compiler found hard. Every store runs all of them.
 */
export interface FilterProfile {
  /** What it stresses, for the test title. */
  title: string;
  /** Runs when `TAGOUT_FC_RUNS` is unset. */
  runs: number;
  machines: fc.Arbitrary<MachinePlan[]>;
  filters: fc.Arbitrary<FilterSpec[]>;
}

const AGES = [0, 1000, 4000, 5000, 10_000];
const doubles = fc.double({ noNaN: true, noDefaultInfinity: true });
const shortText = fc.string({ maxLength: 3, unit: 'binary' });

/** The profiles, their text cut to what the store keeps (see {@link StoreLimits}). */
export function filterProfiles(limits: Required<StoreLimits>): FilterProfile[] {
  const keep = (text: string) => !limits.onlyStorableText || whyNotJson(text) === undefined;
  const texts = (text: fc.Arbitrary<string>) => (limits.onlyStorableText ? text.filter(keep) : text);
  return [jsonPathKeys(keep, texts), numericKeys(keep, texts), tagNamesAndAges()];
}

type Keep = (text: string) => boolean;
type Texts = (text: fc.Arbitrary<string>) => fc.Arbitrary<string>;

/** Keys a JSON path must quote or escape (SQLite's path syntax), tag values that are objects. */
function jsonPathKeys(keep: Keep, texts: Texts): FilterProfile {
  const keys = ['k', 'l', '0', 'a"b', 'c\\d', 'x.y', '$', 'e f', '[0]', '\n', 'é', '😀', '\ud800'].filter(
    keep,
  );
  const constants = [null, true, false, 0, 1, -0, 0.1, -5, 1e21, 1e-7, 2 ** 53 + 2, 'x', '', 'a"b', '\u0001'];
  const json = jsonArbitrary({
    leaves: [fc.constantFrom<Json>(...constants), doubles, texts(shortText)],
    keys,
    maxArray: 2,
  });
  const object = fc.dictionary(fc.constantFrom(...keys), json, { minKeys: 1, maxKeys: 3 });
  return tagsWrittenLater({
    title: 'keys a JSON path must quote',
    runs: 300,
    createdAgo: 10_000,
    value: fc.oneof(json, object),
    filter: { pathKeys: keys, json, seenFrom: 'objects' },
  });
}

/** Numeric keys (`->` must not index arrays with them) and paths through arrays, which never match. */
function numericKeys(keep: Keep, texts: Texts): FilterProfile {
  const keys = ['k', 'l', '0', '1', 'a"b', 'c\\d', 'x.y', '{1}', 'e f', 'é', '😀'].filter(keep);
  const constants = [null, true, false, 0, 1, -0, 0.1, 1e21, 1e-7, 2 ** 53 + 2, '', 'x', '1', '\u0001'];
  const json = jsonArbitrary({
    leaves: [fc.constantFrom<Json>(...constants), doubles, texts(shortText)],
    keys,
    maxArray: 3,
  });
  return tagsWrittenLater({
    title: 'numeric keys and paths through arrays',
    runs: 100,
    createdAgo: 60_000,
    value: json,
    filter: { pathKeys: keys, json, seenFrom: 'anything' },
  });
}

/**
 * Up to 6 machines, created `createdAgo` ms before now, with up to 3 of the tags a, b, c, each
 * written later, at one of {@link AGES}; 1 to 4 filters over those tags.
 */
function tagsWrittenLater(profile: {
  title: string;
  runs: number;
  createdAgo: number;
  value: fc.Arbitrary<Json>;
  filter: Omit<FilterShape, 'tags' | 'ms'>;
}): FilterProfile {
  const tags = ['a', 'b', 'c'];
  const ms = fc.constantFrom(...AGES);
  const tag = fc.record({ value: profile.value, age: ms });
  return {
    title: profile.title,
    runs: profile.runs,
    machines: fc
      .array(fc.dictionary(fc.constantFrom(...tags), tag, { maxKeys: 3 }), { maxLength: 6 })
      .map((machines) => machines.map((machine) => laterTags(profile.createdAgo, machine))),
    filters: fc.array(filterSpecArbitrary({ tags, ms, ...profile.filter }), { minLength: 1, maxLength: 4 }),
  };
}

/**
 * Tag names with a store's separators and `__proto__` in them, tags written with the machine at
 * random ages, and filters as users write them (compiled by core), ages at random milliseconds.
 */
function tagNamesAndAges(): FilterProfile {
  const name = fc.constantFrom('a', 'b', 'a:b', 'ti:a', '__proto__x');
  const keys = ['x', 'y', '', 'a"b', 'é'];
  const leaf = fc.oneof(
    fc.constantFrom<Json>(null, true, false, 0, -0, 1, 1.5, 1e21, 100, '1', '', 'x', [], {}),
    fc.integer({ min: -3, max: 3 }),
  );
  const value = jsonArbitrary({ leaves: [leaf], keys, maxArray: 3 });
  const path = fc.array(fc.constantFrom(...keys.filter((key) => key !== '')), { maxLength: 3 });
  const filter = fc.letrec<{ f: Filter }>((tie) => ({
    f: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      name.map((tag) => ({ has: tag })),
      name.map((tag) => ({ lacks: tag })),
      fc.record({ tag: name, path, equals: value }),
      fc.record({ tag: name, olderThanMs: fc.integer({ min: 0, max: 3000 }) }),
      fc.record({ tag: name, newerThanMs: fc.integer({ min: 0, max: 3000 }) }),
      fc.array(tie('f'), { maxLength: 3 }).map((filters) => ({ and: filters })),
      fc.array(tie('f'), { maxLength: 3 }).map((filters) => ({ or: filters })),
      tie('f').map((inner) => ({ not: inner })),
    ),
  })).f;
  const machine = fc.record({
    tags: fc.dictionary(name, value, { maxKeys: 4 }),
    age: fc.integer({ min: 0, max: 4000 }),
  });
  return {
    title: 'tag names with separators, random ages',
    runs: 200,
    machines: fc
      .array(machine, { minLength: 1, maxLength: 6 })
      .map((machines) => machines.map(({ tags, age }) => ({ createdAgo: age, created: tags, later: {} }))),
    filters: filter.map((where) => [compileFilter(where)]),
  };
}
