/** Input limits. Anything beyond them is refused with a ValidationError. */
export const LIMITS = {
  /** Characters in a tag or process name. */
  nameLength: 128,
  /** Characters in a failure cause. */
  causeLength: 4096,
  /** Bytes of a tag value's canonical JSON text. */
  tagValueBytes: 64 * 1024,
  /**
   * Nesting depth of a tag value or a filter's `equals` value: arrays and objects inside
   * each other (`1` and `"x"` are depth 0, `[1]` and `{"a":1}` depth 1). Every store parses
   * the stored text again to follow a filter's `path`, and their parsers stop far below what
   * a 64 KB value can reach: SQLite's JSON functions refuse more than 1000 levels
   * (`malformed JSON`, so every claim by that filter fails), Redis's cjson refuses more than
   * 1000, a path filter over a 2,000-deep value was seen to miss on Postgres, and a
   * recursive walk in JavaScript overflows the stack at some ten thousand. 64 is
   * far deeper than any fact about a machine needs and far below every one of those limits.
   * Checked without recursion, before anything walks the value recursively.
   */
  jsonDepth: 64,
  /** Tags written in one call. */
  tagsPerWrite: 256,
  /** Nodes in one filter. */
  filterNodes: 64,
  /** Nesting depth of a filter. */
  filterDepth: 8,
  /** Segments in a filter path. */
  pathSegments: 16,
  /** Largest `limit` of a listing. */
  listLimit: 100_000,
  /** Characters in a history cursor (`after`, `before`): an id a store issued is never longer. */
  historyIdLength: 64,
  /** Largest `olderThanMs` of `pruneHistory` (about 317 years: any retention anyone sets). */
  historyAgeMs: 10_000_000_000_000,
  /** Characters in a component name or runtime info. */
  componentLength: 256,
  runtimeInfoLength: 4096,
  /** Largest duration accepted anywhere (about 24.8 days, a safe timer). */
  durationMs: 2 ** 31 - 1,
  /**
   * Machines in one bulk write (`createMachines`, `setTagsMany`). A call is one transaction or
   * one script, all or nothing, so a larger input is refused rather than split: a caller that
   * splits knows each batch commits on its own. 1,000 machines with their tags is one SQLite
   * transaction of a few milliseconds (the event loop waits for it) and one Redis script of
   * about as long (the server runs nothing else meanwhile).
   */
  bulkWrite: 1000,
  /** Tags written by one bulk write, summed over its machines. */
  bulkWriteTags: 10_000,
  /** Bytes of canonical JSON of the tag values of one bulk write, summed over its machines. */
  bulkWriteBytes: 8 * 1024 * 1024,
  /** Works one batched claim (`session.workMany`) takes at most. */
  claimBatch: 1000,
  /**
   * Works one batched finish (`session.finishMany`) ends at most. Core sends them in one store
   * call, or in several when their tag writes together pass `bulkWriteTags` or `bulkWriteBytes`.
   */
  finishBatch: 1000,
} as const;
