import { describeStoreConformance } from '@tagout/conformance';
import { createSqliteStore } from '@tagout/store-sqlite';
import { expect, it } from 'vitest';

// Two groups chosen, one of them skipped again: only the other registers tests (and runs them).
describeStoreConformance({
  name: 'sqlite, two groups',
  createStore: () => createSqliteStore(),
  groups: { only: ['installation', 'stats'], skip: ['stats'] },
});

it('registers the selected groups only: a skipped group registers no tests', ({ task }) => {
  const suite = task.file.tasks.find((child) => child.name === 'store conformance: sqlite, two groups');
  expect(suite?.type).toBe('suite');
  const groups = suite?.type === 'suite' ? suite.tasks : [];
  expect(groups.map((group) => group.name)).toEqual(['installation workflow']);
  expect(groups[0]?.type === 'suite' && groups[0].tasks.length).toBeGreaterThan(0);
});
