/**
 * Reads a positive integer from the environment, or `fallback` when the variable is unset.
 * @throws Error when it is set to anything else.
 */
export function envInt(name: string, fallback: number): number {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got ${text}`);
  return value;
}
