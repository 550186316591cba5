import { ValidationError } from '@tagout/core';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]*$/;

/**
 * Checks a schema name and returns it double-quoted for SQL text. Only lowercase letters,
 * digits and `_` (not leading with a digit), at most 63 characters: the name is the one
 * identifier tagout splices into SQL, so it is validated rather than escaped.
 * @throws ValidationError (field `schema`) when the name is not a plain lowercase identifier.
 */
export function quoteSchema(name: unknown): string {
  if (typeof name !== 'string' || !SCHEMA_NAME.test(name) || name.length > 63) {
    throw new ValidationError(
      'schema',
      `${JSON.stringify(name)} must match /^[a-z_][a-z0-9_]*$/ (at most 63 characters)`,
    );
  }
  return `"${name}"`;
}
