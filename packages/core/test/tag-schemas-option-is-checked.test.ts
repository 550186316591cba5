import { createSqliteStore } from '@tagout/store-sqlite';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import { openEngine, type Store, ValidationError } from '../src/index.js';

/** A SQLite store that records whether the engine opened it. */
function watchedStore(): { store: Store; opened: () => boolean } {
  const store = createSqliteStore();
  let opened = false;
  const open = store.open.bind(store);
  store.open = () => {
    opened = true;
    return open();
  };
  return { store, opened: () => opened };
}

describe("openEngine's tags option", () => {
  it('refuses anything but a plain object of tag name → Standard Schema, before opening the store', async () => {
    const cases: [unknown, string][] = [
      ['zod', 'tags'],
      [[z.string()], 'tags'],
      [{ Region: 'string' }, 'tags.Region'],
      [{ Region: {} }, 'tags.Region'],
      [{ Region: { '~standard': { version: 2, validate: () => ({ value: 1 }) } } }, 'tags.Region'],
      [{ Region: { '~standard': { version: 1 } } }, 'tags.Region'],
      [{ 'bad name': z.string() }, 'tags name'],
    ];
    for (const [tags, field] of cases) {
      const { store, opened } = watchedStore();
      const error = await openEngine({ store, processes: ['AgentStart'], tags: tags as never }).catch(
        (thrown: unknown) => thrown,
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).field).toBe(field);
      expect(opened()).toBe(false);
    }
  });

  it('still refuses unknown option keys', async () => {
    const error = await openEngine({
      store: createSqliteStore(),
      processes: ['AgentStart'],
      tag: { Region: z.string() },
    } as never).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).field).toBe('options.tag');
  });

  it('accepts any Standard Schema, a function one (as arktype makes) included', async () => {
    const isText = Object.assign((value: unknown) => value, {
      '~standard': {
        version: 1 as const,
        vendor: 'hand-made',
        validate: (value: unknown) =>
          typeof value === 'string' ? { value } : { issues: [{ message: 'must be text', path: ['x'] }] },
      },
    });
    const engine = await openEngine({
      store: createSqliteStore(),
      processes: ['AgentStart'],
      tags: { Note: isText },
    });
    onTestFinished(() => engine.close());
    await engine.createMachine({ tags: { Note: 'hello' } });
    const error = await engine
      .createMachine({ tags: { Note: 1 as unknown as string } })
      .catch((e: unknown) => e);
    expect((error as ValidationError).message).toBe('tags.Note: does not match its schema: x: must be text');
    expect(await engine.machines()).toHaveLength(1);
  });
});
