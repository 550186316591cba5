import { type Filter, LIMITS } from '@tagout/core';
import { describe, expect, it } from 'vitest';
import { type ConformanceOptions, useTestEngine } from '../harness.js';
import { nestedJson } from '../nested-json.js';

/** Filters select the machines core's `matchesFilter` says they do. */
export function describeFilters(options: ConformanceOptions): void {
  describe('filters', () => {
    it('has, lacks, equals (with path), older, newer, and, or, not select the right machines', async () => {
      const t = await useTestEngine(options);
      const old = await t.engine.createMachine({
        tags: { Provided: { provider: 'equinix', location: { rack: 'r1', slot: 3 } }, Flag: true },
      });
      t.clock.advance(60_000);
      const mid = await t.engine.createMachine({ tags: { Provided: { provider: 'ovh' }, Flag: 0 } });
      t.clock.advance(60_000);
      const fresh = await t.engine.createMachine({
        tags: { OSInstallationRequest: { generation: 2 }, List: [1, 'a'] },
      });
      t.clock.advance(1);
      const bare = await t.engine.createMachine();
      const ids = { old: old.id, mid: mid.id, fresh: fresh.id, bare: bare.id };
      const name = new Map(Object.entries(ids).map(([k, v]) => [v, k]));

      const select = async (where: Filter) =>
        (await t.engine.machines({ where })).map((machine) => name.get(machine.id));

      expect(await select({ has: 'Provided' })).toEqual(['old', 'mid']);
      expect(await select({ lacks: 'Provided' })).toEqual(['fresh', 'bare']);
      expect(await select({ tag: 'Provided', path: ['provider'], equals: 'ovh' })).toEqual(['mid']);
      expect(await select({ tag: 'Provided', path: ['location', 'slot'], equals: 3 })).toEqual(['old']);
      expect(await select({ tag: 'Provided', path: ['location'], equals: { slot: 3, rack: 'r1' } })).toEqual([
        'old',
      ]);
      expect(await select({ tag: 'Provided', path: ['nowhere'], equals: null })).toEqual([]);
      expect(await select({ tag: 'Flag', equals: true })).toEqual(['old']);
      expect(await select({ tag: 'Flag', equals: 0 })).toEqual(['mid']);
      expect(await select({ tag: 'Flag', equals: false })).toEqual([]);
      expect(await select({ tag: 'List', equals: [1, 'a'] })).toEqual(['fresh']);
      expect(await select({ tag: 'OSInstallationRequest', path: ['generation'], equals: 2 })).toEqual([
        'fresh',
      ]);
      expect(await select({ tag: 'Provided', olderThanMs: 120_001 })).toEqual(['old']);
      expect(await select({ tag: 'Provided', olderThanMs: 60_001 })).toEqual(['old', 'mid']);
      expect(await select({ tag: 'Provided', newerThanMs: 60_001 })).toEqual([]);
      expect(await select({ tag: 'Provided', newerThanMs: 60_002 })).toEqual(['mid']);
      expect(await select({ tag: 'Absent', olderThanMs: 0 })).toEqual([]);
      expect(
        await select({ and: [{ has: 'Provided' }, { has: 'Flag' }, { not: { tag: 'Flag', equals: 0 } }] }),
      ).toEqual(['old']);
      expect(
        await select({ or: [{ has: 'List' }, { tag: 'Provided', path: ['provider'], equals: 'ovh' }] }),
      ).toEqual(['mid', 'fresh']);
      expect(await select({ not: { or: [{ has: 'Provided' }, { has: 'List' }] } })).toEqual(['bare']);
      expect(await select({ and: [] })).toEqual(['old', 'mid', 'fresh', 'bare']);
      expect(await select({ or: [] })).toEqual([]);

      await t.engine.setTags(old.id, { Provided: 'rewritten' });
      expect(await select({ tag: 'Provided', newerThanMs: 1 })).toEqual(['old']);
    });

    it('a tag value nested as deep as LIMITS.jsonDepth allows is stored, listed and claimed by path', async () => {
      const t = await useTestEngine(options);
      const deep = nestedJson(LIMITS.jsonDepth);
      const path = Array.from({ length: LIMITS.pathSegments }, () => 'a');
      const inner = nestedJson(LIMITS.jsonDepth - LIMITS.pathSegments);
      const machine = await t.engine.createMachine({ tags: { Deep: deep } });
      await t.engine.createMachine({ tags: { Deep: nestedJson(LIMITS.jsonDepth - 1) } });

      expect((await t.engine.machine(machine.id))?.tags.Deep?.value).toStrictEqual(deep);
      const byValue = await t.engine.machines({ where: { tag: 'Deep', equals: deep } });
      expect(byValue.map((m) => m.id)).toEqual([machine.id]);
      const byPath = await t.engine.machines({ where: { tag: 'Deep', path, equals: inner } });
      expect(byPath.map((m) => m.id)).toEqual([machine.id]);
      const session = await t.session();
      const work = await session.work('Install', { where: { tag: 'Deep', path, equals: inner } });
      expect(work?.machine.id).toBe(machine.id);
    });
  });
}
