import { ValidationError } from './errors.js';
import type { MaybePromise } from './maybe-async.js';
import type { StandardSchemaV1 } from './standard-schema.js';
import type { TagWrites } from './store.js';
import { checkJson, checkName, checkTagEntries, checkTagWrites, isPlainObject } from './validate.js';

/**
 * Runtime validation of tag values with Standard Schemas (`openEngine({ tags })`). A write's
 * values are validated before anything is sent to the store; the schema's output (after its
 * transforms and defaults) is what is stored, so it must be JSON. Reads are not validated again,
 * and a tag with no schema is written unchecked (as on an untyped engine).
 */

/** Checks tag writes, sync (no schemas) or validating every tag that has a schema. */
export type TagWriteCheck = (field: string, value: unknown) => MaybePromise<TagWrites>;

/**
 * The `tags` option of `openEngine`: a plain object of tag name → Standard Schema.
 * @throws ValidationError for anything else, naming the offending tag.
 */
export function checkTagSchemas(value: unknown): ReadonlyMap<string, StandardSchemaV1> {
  if (value === undefined) return new Map();
  if (!isPlainObject(value)) {
    throw new ValidationError('tags', 'must be a plain object of tag name → Standard Schema');
  }
  const schemas = new Map<string, StandardSchemaV1>();
  for (const [name, schema] of Object.entries(value)) {
    checkName('tags name', name);
    if (!isStandardSchema(schema)) {
      throw new ValidationError(
        `tags.${name}`,
        'must be a Standard Schema (a zod, valibot or arktype schema, or any object with a "~standard" property of version 1 and a validate function)',
      );
    }
    schemas.set(name, schema);
  }
  return schemas;
}

/**
 * The tag-write check of an engine: with no schemas exactly `checkTagWrites`, otherwise one that
 * validates each value that has a schema (see {@link validateTagWrites}).
 */
export function tagWriteCheck(schemas: ReadonlyMap<string, StandardSchemaV1>): TagWriteCheck {
  if (schemas.size === 0) return checkTagWrites;
  return (field, value) => validateTagWrites(schemas, field, value);
}

/**
 * Tag writes checked as by `checkTagWrites`, with every value that has a schema validated by it
 * first and replaced by its output. The shape, count and names are checked synchronously (a bad
 * one throws at once), the values then in input order.
 * @throws ValidationError (the promise rejects with it) naming the tag, `${field}.${name}`, with
 * the schema's issues in the message and as `cause`; or as `checkTagWrites` does.
 */
export function validateTagWrites(
  schemas: ReadonlyMap<string, StandardSchemaV1>,
  field: string,
  value: unknown,
): Promise<TagWrites> {
  const entries = checkTagEntries(field, value);
  const pending = validateEntries(schemas, field, entries);
  // A caller may throw before awaiting it (a bad deleteTags beside these setTags): never unhandled.
  pending.catch(() => {});
  return pending;
}

async function validateEntries(
  schemas: ReadonlyMap<string, StandardSchemaV1>,
  field: string,
  entries: readonly [string, unknown][],
): Promise<TagWrites> {
  const writes: Record<string, string> = {};
  for (const [name, input] of entries) {
    const schema = schemas.get(name);
    const tagField = `${field}.${name}`;
    const output = schema === undefined ? input : await validateTag(schema, tagField, input);
    writes[name] = checkJson(tagField, output);
  }
  return writes;
}

/** One value through its schema: the output, or a ValidationError listing the issues. */
async function validateTag(schema: StandardSchemaV1, field: string, value: unknown): Promise<unknown> {
  let result: StandardSchemaV1.Result<unknown>;
  try {
    result = await schema['~standard'].validate(value);
  } catch (error) {
    throw new ValidationError(
      field,
      `its schema threw: ${error instanceof Error ? error.message : String(error)}`,
      {
        cause: error,
      },
    );
  }
  if (result.issues) {
    throw new ValidationError(field, `does not match its schema: ${describeIssues(result.issues)}`, {
      cause: result.issues,
    });
  }
  return result.value;
}

/** `at.x: Expected number, received string; …`: every issue with its path, if it has one. */
function describeIssues(issues: readonly StandardSchemaV1.Issue[]): string {
  if (issues.length === 0) return 'refused (no issue given)';
  return issues
    .map((issue) => {
      const path = (issue.path ?? [])
        .map((segment) => String(typeof segment === 'object' ? segment.key : segment))
        .join('.');
      return path === '' ? issue.message : `${path}: ${issue.message}`;
    })
    .join('; ');
}

/** Whether a value implements Standard Schema v1 (zod and valibot schemas are objects, arktype's functions). */
function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  const props: unknown = (value as { '~standard'?: unknown })['~standard'];
  if (props === null || typeof props !== 'object') return false;
  const { version, validate } = props as { version?: unknown; validate?: unknown };
  return version === 1 && typeof validate === 'function';
}
