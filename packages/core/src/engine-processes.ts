import { ValidationError } from './errors.js';
import { checkName, checkProcess } from './validate.js';

/**
 * The `processes` option of `openEngine`: the names this engine declares, or `'discover'` to
 * accept exactly the processes recorded in the store (declared by engines opened before).
 */
export type ProcessesOption = readonly string[] | 'discover';

/**
 * Checks the `processes` option: `'discover'`, or a non-empty array of distinct names.
 * @throws ValidationError.
 */
export function checkProcesses(value: unknown): string[] | 'discover' {
  if (value === 'discover') return value;
  if (!Array.isArray(value) || value.length === 0)
    throw new ValidationError('processes', "must be a non-empty array, or 'discover'");
  const names = value.map((name, i) => checkName(`processes[${i}]`, name));
  if (new Set(names).size !== names.length) throw new ValidationError('processes', 'has duplicates');
  return names;
}

/**
 * Checks the shape of the `exclusive` option: an array of arrays of names. Whether the names
 * are processes of the engine is checked by {@link blockersByProcess}.
 * @throws ValidationError.
 */
export function checkExclusive(exclusive: unknown): string[][] {
  if (!Array.isArray(exclusive)) throw new ValidationError('exclusive', 'must be an array of process groups');
  return exclusive.map((group: unknown, i) => {
    if (!Array.isArray(group)) throw new ValidationError(`exclusive[${i}]`, 'must be an array of processes');
    return group.map((member: unknown, j) => checkName(`exclusive[${i}][${j}]`, member));
  });
}

/**
 * For each process, the processes whose live work blocks a claim of it (itself and the members
 * of every exclusive group it is in), sorted.
 * @throws ValidationError when a group names a process the engine does not accept.
 */
export function blockersByProcess(
  processes: readonly string[],
  exclusive: readonly (readonly string[])[],
): Map<string, string[]> {
  const known = new Set(processes);
  const blockers = new Map(processes.map((process) => [process, new Set([process])]));
  for (const group of exclusive) {
    for (const member of group) {
      checkProcess(member, known);
      for (const other of group) blockers.get(member)?.add(other);
    }
  }
  return new Map([...blockers].map(([process, set]) => [process, [...set].sort()]));
}
