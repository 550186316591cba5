import type { BackoffPolicy, Filter, Json } from '@tagout/core';
import fc from 'fast-check';
import { PROCESSES } from '../harness.js';
import type { Pick } from './world.js';

/** The small pool of tag names the model run uses, so filters often match. */
export const TAG_NAMES = ['Provided', 'AgentStarted', 'HardwareReport', 'OSInstallationRequest'] as const;

const leaf = fc.constantFrom<Json>(null, true, false, 0, 1, -1.5, 1e21, 'x', 'y', '', 'ünï ✓');
const object = (keys: readonly string[], values: fc.Arbitrary<Json>) =>
  fc.dictionary(fc.constantFrom(...keys), values, { maxKeys: 2, noNullPrototype: true });

/** A JSON tag value: leaves, small arrays and objects (with keys `a`, `b`, `c` so paths hit). */
export const tagValue: fc.Arbitrary<Json> = fc.oneof(
  leaf,
  fc.array(leaf, { maxLength: 2 }),
  object(['a', 'b'], leaf),
  object(['a'], object(['b', 'c'], leaf)),
);

/** A tag name from the pool. */
export const tagName = fc.constantFrom(...TAG_NAMES);

/** Tag writes over the pool. */
export const tagWrites = fc.dictionary(tagName, tagValue, { maxKeys: 3, noNullPrototype: true });

/** Tag names to delete (sometimes absent ones). */
export const tagNames = fc.uniqueArray(tagName, { maxLength: 2 });

/** A valid commit of a finish: tags to set and to delete, either one possibly absent. */
export const commit = fc
  .record({
    setTags: fc.option(tagWrites, { nil: undefined }),
    deleteTags: fc.option(tagNames, { nil: undefined }),
  })
  .map(({ setTags, deleteTags }) => ({
    ...(setTags !== undefined && { setTags }),
    ...(deleteTags !== undefined && { deleteTags }),
  }));

/** A process the engine accepts. */
export const process = fc.constantFrom(...PROCESSES);

/** Which entity a command means. */
export const pick: fc.Arbitrary<Pick> = fc.record({
  index: fc.nat({ max: 7 }),
  preferUsable: fc.oneof(
    { arbitrary: fc.constant(true), weight: 4 },
    { arbitrary: fc.constant(false), weight: 1 },
  ),
});

/** Durations that cross session deadlines and backoff ends. */
export const advanceMs = fc.constantFrom(1, 999, 1_000, 5_000, 10_000, 30_000, 61_000, 130_000, 700_000);

/** Session intervals: short enough that the clock often outruns them. */
export const sessionIntervalMs = fc.constantFrom(1_000, 10_000, 60_000, 600_000);

/** Who starts a session: a component and runtime info (sometimes empty, sometimes not ASCII). */
export const sessionStart = fc.record({
  component: fc.constantFrom('conformance', 'provisioner'),
  runtimeInfo: fc.constantFrom('', 'host-1 pid 42', 'ünï ✓'),
});

const pathArb = fc.constantFrom<readonly string[] | undefined>(undefined, [], ['a'], ['a', 'b']);
const ageMs = fc.constantFrom(0, 1, 1_000, 60_000);

const leafFilter: fc.Arbitrary<Filter> = fc.oneof(
  tagName.map((tag) => ({ has: tag })),
  tagName.map((tag) => ({ lacks: tag })),
  fc
    .record({ tag: tagName, path: pathArb, equals: tagValue })
    .map(({ tag, path, equals }) => (path === undefined ? { tag, equals } : { tag, path, equals })),
  fc.record({ tag: tagName, olderThanMs: ageMs }),
  fc.record({ tag: tagName, newerThanMs: ageMs }),
);

/** Filters over the tag pool, nested a few levels. */
export const filter: fc.Arbitrary<Filter> = fc.letrec<{ filter: Filter }>((tie) => ({
  filter: fc.oneof(
    { maxDepth: 3, depthIdentifier: 'filter' },
    leafFilter,
    fc.array(tie('filter'), { maxLength: 3, depthIdentifier: 'filter' }).map((filters) => ({ and: filters })),
    fc.array(tie('filter'), { maxLength: 3, depthIdentifier: 'filter' }).map((filters) => ({ or: filters })),
    tie('filter').map((inner) => ({ not: inner })),
  ),
})).filter;

const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

/** Deterministic (jitter-free) backoff policies, including none at all and out-of-range values. */
export const policy: fc.Arbitrary<BackoffPolicy | undefined> = optional(
  fc
    .record({
      initialMs: optional(fc.constantFrom(0, 500, 1_000, 5_000, 60_000)),
      maximumMs: optional(fc.constantFrom(0, 10_000, 120_000)),
      exponent: optional(fc.constantFrom(0.5, 1, 1.1, 2, 1000)),
      jitter: optional(fc.constantFrom<false | 0>(false, 0)),
    })
    .map((fields) => {
      const out: BackoffPolicy = {};
      for (const [key, value] of Object.entries(fields)) {
        if (value !== undefined) Object.assign(out, { [key]: value });
      }
      return out;
    }),
);

/**
 * Characters stores use as separators in their encodings (Redis: `|` and spaces in a pair
 * field, spaces in history lines), line breaks, quotes, Lua pattern and format characters,
 * and 2-, 3- and 4-byte UTF-8 (an astral character is two UTF-16 units).
 */
const causeUnit = fc.constantFrom('|', ' ', '\t', '\n', '%', '"', '\\', ':', 'a', 'ü', '✓', '😀');

/** Cause texts a store must keep exactly: whatever core accepts (non-blank, at most 4096 characters, no U+0000, no lone surrogate). */
const causeText = fc.oneof(
  fc.constantFrom(
    'boom',
    'disk on fire',
    '  padded  ',
    'ünïcode ✓',
    'pipe failed |',
    '|',
    '| a || b |',
    'line 1\nline 2\r\n',
    '%s %d %% ^$.*+-?[]',
  ),
  fc.string({ unit: causeUnit, minLength: 1, maxLength: 12 }).filter((text) => text.trim() !== ''),
  fc.constantFrom(
    'x'.repeat(4096),
    `${'x'.repeat(4095)}|`,
    'ü'.repeat(4096),
    '✓|'.repeat(2048),
    '😀'.repeat(2048),
  ),
);

/** A failure cause: text, sometimes wrapped in an Error. */
export const cause = fc.record({ text: causeText, asError: fc.boolean() });

/** An operator's reason for clearing a backoff: none, or text (spaces and non-ASCII included). */
export const clearReason = fc.constantFrom<string | null>(
  null,
  'fixed the disk',
  'ünïcode ✓',
  'x'.repeat(4096),
);

/** Session listing limits: absent (1000), and small ones that cut the list. */
export const sessionsLimit = fc.constantFrom<number | undefined>(undefined, 1, 2, 5);
