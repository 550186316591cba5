import type { Json } from './json.js';
import type { StandardSchemaV1 } from './standard-schema.js';
import type { Tag } from './types.js';

/**
 * Typed tags, at the type level only: a map of tag name → the type of its value, which the
 * engine's types (`Engine<Tags>`, `Machine<Tags>`, `Filter<Tags>`, `WorkCommit<Tags>`, ...) take
 * as a parameter. A map with a string index (the default, {@link UntypedTags}) is an untyped
 * engine: any tag name, any JSON value, exactly the types of an engine without tag types.
 */

/** What a tag map may be: tag name → value type; an interface or a type literal. */
export type TagTypes = object;

/** The tags of an engine opened without tag types: any name, any JSON value. */
export type UntypedTags = Record<string, Json>;

/** The tag names of a tag map (any string for an untyped one). */
export type TagName<Tags extends TagTypes> = keyof Tags & string;

/** True when the map has a string index (untyped, or typed values under any name). */
type IsOpen<Tags> = string extends keyof Tags ? true : false;

/**
 * The tags of a machine as read: untyped, `Record<string, Tag>`; typed, each declared tag
 * optional (a machine may lack any of them) with its value typed.
 */
export type MachineTags<Tags extends TagTypes> =
  IsOpen<Tags> extends true
    ? { [K in keyof Tags]: Tag<Tags[K]> }
    : { [K in TagName<Tags>]?: Tag<Exclude<Tags[K], undefined>> };

/**
 * Tag writes (`setTags`, `createMachine({ tags })`, `finish({ setTags })`): untyped,
 * `Record<string, Json>`; typed, only declared names, each with its (schema input) type.
 */
export type TagValues<Inputs extends TagTypes> =
  IsOpen<Inputs> extends true
    ? { [K in keyof Inputs]: Inputs[K] }
    : { [K in TagName<Inputs>]?: Exclude<Inputs[K], undefined> };

/**
 * Runtime validators of a tag map: for any declared tag, a Standard Schema (zod, valibot,
 * arktype, ...) taking the tag's input type and producing its stored type.
 */
export type TagSchemas<Tags extends TagTypes, Inputs extends TagTypes = Tags> = {
  [K in TagName<Tags>]?: StandardSchemaV1<K extends keyof Inputs ? Inputs[K] : Tags[K], Tags[K]>;
};

/** Any map of tag name → Standard Schema: the `tags` option an engine infers its tag types from. */
export type TagSchemaMap = { [name: string]: StandardSchemaV1 };

/**
 * The tag types (as stored and read) of a map of schemas: each schema's output type.
 * @example type FleetTags = InferTags<typeof schemas>; // { Region: string; ... }
 */
export type InferTags<Schemas extends TagSchemaMap> = {
  [K in keyof Schemas]: StandardSchemaV1.InferOutput<Schemas[K]>;
};

/** The tag types accepted by writes of a map of schemas: each schema's input type. */
export type InferTagInputs<Schemas extends TagSchemaMap> = {
  [K in keyof Schemas]: StandardSchemaV1.InferInput<Schemas[K]>;
};

/** How deep the types of `{ tag, path, equals }` filters follow a tag's value. */
type PathDepth = [unknown, unknown, unknown, unknown, unknown];

/**
 * The `{ tag, path?, equals }` filters of one typed tag: without a path `equals` has the tag's
 * type; with one, the type at that path (object keys only, as the stores walk it; past
 * {@link PathDepth} levels any path and any JSON value).
 */
type TagEquals<Name extends string, Value> = unknown extends Value
  ? { tag: Name; path?: readonly string[]; equals: Json }
  :
      | { tag: Name; path?: readonly []; equals: Exclude<Value, undefined> }
      | PathEquals<Name, Exclude<Value, undefined>, []>;

/** `{ tag, path, equals }` for every object-key path into `Value`, `equals` typed at the path. */
type PathEquals<
  Name extends string,
  Value,
  Path extends readonly string[],
> = Path['length'] extends PathDepth['length']
  ? { tag: Name; path: readonly [...Path, ...string[]]; equals: Json }
  : Value extends readonly unknown[]
    ? never
    : Value extends object
      ? {
          [Key in keyof Value & string]-?:
            | { tag: Name; path: readonly [...Path, Key]; equals: Exclude<Value[Key], undefined> }
            | PathEquals<Name, Exclude<Value[Key], undefined>, [...Path, Key]>;
        }[keyof Value & string]
      : never;

/** The filters of a typed tag map: only declared names, `equals` values typed. */
export type TypedFilter<Tags extends TagTypes> =
  | { has: TagName<Tags> }
  | { lacks: TagName<Tags> }
  | { [K in TagName<Tags>]: TagEquals<K, Tags[K]> }[TagName<Tags>]
  | { tag: TagName<Tags>; olderThanMs: number }
  | { tag: TagName<Tags>; newerThanMs: number }
  | { and: readonly TypedFilter<Tags>[] }
  | { or: readonly TypedFilter<Tags>[] }
  | { not: TypedFilter<Tags> };

/** The filters of an untyped engine (or a tag map with a string index). */
export type UntypedFilter =
  | { has: string }
  | { lacks: string }
  | { tag: string; path?: readonly string[]; equals: Json }
  | { tag: string; olderThanMs: number }
  | { tag: string; newerThanMs: number }
  | { and: readonly UntypedFilter[] }
  | { or: readonly UntypedFilter[] }
  | { not: UntypedFilter };

/** Whether a tag map is typed (no string index): selects the typed or the untyped filter. */
export type FilterOf<Tags extends TagTypes> = IsOpen<Tags> extends true ? UntypedFilter : TypedFilter<Tags>;
