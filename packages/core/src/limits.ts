/** Input limits. Anything beyond them is refused with a ValidationError. */
export const LIMITS = {
  /** Characters in a tag or process name. */
  nameLength: 128,
  /** Characters in a failure cause. */
  causeLength: 4096,
  /** Bytes of a tag value's canonical JSON text. */
  tagValueBytes: 64 * 1024,
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
  /** Characters in a component name or runtime info. */
  componentLength: 256,
  runtimeInfoLength: 4096,
  /** Largest duration accepted anywhere (about 24.8 days, a safe timer). */
  durationMs: 2 ** 31 - 1,
} as const;
