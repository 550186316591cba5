import { ValidationError } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { describeStoreConformance } from './describe-store-conformance.js';
import { GROUP_NAMES } from './group-names.js';
import { selectGroups } from './select-groups.js';

describe('selectGroups', () => {
  it('selects every group, in suite order, when nothing is said', () => {
    expect(selectGroups(undefined)).toEqual([...GROUP_NAMES]);
    expect(selectGroups({})).toEqual([...GROUP_NAMES]);
  });

  it('keeps suite order for `only`, and drops what `skip` names, also from `only`', () => {
    expect(selectGroups({ only: ['model-run', 'sessions'] })).toEqual(['sessions', 'model-run']);
    expect(selectGroups({ skip: ['model-run'] })).toEqual(GROUP_NAMES.filter((name) => name !== 'model-run'));
    expect(selectGroups({ only: ['stats', 'filters'], skip: ['stats'] })).toEqual(['filters']);
    expect(selectGroups({ only: [] })).toEqual([]);
  });

  it('refuses an unknown group name, key or list with a ValidationError naming the field', () => {
    const refused: [unknown, string][] = [
      [{ skip: ['filter'] }, 'groups.skip[0]'],
      [{ only: ['stats', 'Stats'] }, 'groups.only[1]'],
      [{ only: 'stats' }, 'groups.only'],
      [{ ony: ['stats'] }, 'groups.ony'],
      [['stats'], 'groups'],
    ];
    for (const [selection, field] of refused) {
      expect(() => selectGroups(selection)).toThrow(ValidationError);
      expect(() => selectGroups(selection)).toThrow(expect.objectContaining({ field }));
    }
  });
});

describe('describeStoreConformance', () => {
  it('refuses an unknown group name, option or limit before it creates a store or registers a test', () => {
    const createStore = () => {
      throw new Error('no store may be created');
    };
    const refused: [object, string][] = [
      [{ groups: { skip: ['filter'] } }, 'groups.skip[0]'],
      [{ group: { skip: ['filters'] } }, 'options.group'],
      [{ limits: { onlyStorableText: 'yes' } }, 'limits.onlyStorableText'],
      [{ limits: { storableText: true } }, 'limits.storableText'],
    ];
    for (const [extra, field] of refused) {
      const options = { name: 'refused', createStore, ...extra } as never;
      expect(() => describeStoreConformance(options)).toThrow(expect.objectContaining({ field }));
    }
  });
});
