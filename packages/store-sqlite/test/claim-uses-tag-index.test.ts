import type { StoreFilter } from '@tagout/core';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { candidateQuery } from '../src/filters/candidate-query.js';
import { migrate } from '../src/migrations/migrate.js';

/** The query plan of a claim by filter, one line per step. */
function plan(filter: StoreFilter): string[] {
  const db = new Database(':memory:');
  try {
    migrate(db);
    const query = candidateQuery(filter, 'P', ['P', 'Q'], 1000);
    return db
      .prepare<unknown[], { detail: string }>(`EXPLAIN QUERY PLAN ${query.sql}`)
      .all(...query.params)
      .map((row) => row.detail);
  } finally {
    db.close();
  }
}

describe('a claim by filter is driven by indexes', () => {
  it.each<[string, StoreFilter]>([
    ['has', { kind: 'has', tag: 'Provided' }],
    [
      'has and lacks',
      {
        kind: 'and',
        filters: [
          { kind: 'lacks', tag: 'Done' },
          { kind: 'has', tag: 'Provided' },
        ],
      },
    ],
    ['equals at a path', { kind: 'equals', tag: 'Provided', path: ['provider'], json: '"x"' }],
    ['older', { kind: 'older', tag: 'Heartbeat', ms: 60_000 }],
  ])('%s walks the tags_by_name index, in machine order, without scanning or sorting', (_name, filter) => {
    const steps = plan(filter);
    expect(steps[0]).toBe(
      'SEARCH d USING COVERING INDEX tags_by_name (name=? AND machine_id>? AND machine_id<?)',
    );
    expect(steps.filter((step) => step.startsWith('SCAN') || step.includes('TEMP B-TREE'))).toEqual([]);
    // Work, sessions and backoffs are looked up by key, per candidate.
    expect(steps).toContain('SEARCH w USING PRIMARY KEY (machine_id=? AND process=?)');
    expect(steps).toContain('SEARCH s USING PRIMARY KEY (id=?)');
    expect(steps).toContain('SEARCH b USING PRIMARY KEY (machine_id=? AND process=?)');
  });

  it('a filter that requires no tag walks the primary key of machines, without sorting', () => {
    const steps = plan({ kind: 'lacks', tag: 'Done' });
    expect(steps[0]).toBe('SEARCH m USING PRIMARY KEY (id>? AND id<?)');
    expect(steps.filter((step) => step.includes('TEMP B-TREE'))).toEqual([]);
  });
});
