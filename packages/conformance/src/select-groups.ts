import { checkOptions, ValidationError } from '@tagout/core';
import { GROUP_NAMES, type GroupName } from './group-names.js';

/** Which groups of the suite run: every group by default. */
export interface GroupSelection {
  /** Run only these groups. */
  only?: readonly GroupName[];
  /** Do not run these groups (also when `only` names them). */
  skip?: readonly GroupName[];
}

/**
 * The groups `selection` runs, in suite order.
 * @throws ValidationError for an unknown key, a list that is not an array, or a name that is
 * not a group.
 */
export function selectGroups(selection: unknown): GroupName[] {
  if (selection === undefined) return [...GROUP_NAMES];
  const { only, skip } = checkOptions<GroupSelection>('groups', selection, ['only', 'skip']);
  const chosen = new Set(only === undefined ? GROUP_NAMES : checkNames('groups.only', only));
  for (const name of skip === undefined ? [] : checkNames('groups.skip', skip)) chosen.delete(name);
  return GROUP_NAMES.filter((name) => chosen.has(name));
}

function checkNames(field: string, names: unknown): GroupName[] {
  if (!Array.isArray(names)) throw new ValidationError(field, 'must be an array of group names');
  return names.map((name: unknown, i) => {
    if (!GROUP_NAMES.includes(name as GroupName)) {
      throw new ValidationError(
        `${field}[${i}]`,
        `${JSON.stringify(name)} is not a conformance group (groups: ${GROUP_NAMES.join(', ')})`,
      );
    }
    return name as GroupName;
  });
}
