import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '@tagout/store-sqlite';
import * as v from 'valibot';
import { describe, expect, it, onTestFinished } from 'vitest';
import { z } from 'zod';
import {
  AlreadyDoneError,
  manualClock,
  openEngine,
  type StandardSchemaV1,
  ValidationError,
} from '../src/index.js';

/** Real zod and valibot schemas: sync and async, one that transforms. */
const schemas = {
  Region: z.enum(['eu', 'us']),
  AgentStarted: v.object({ at: v.number(), publicKey: v.string() }),
  /** Stored trimmed and lowercased: the schema's output is what is stored. */
  Hostname: z.string().trim().toLowerCase(),
  /** Asynchronous: its `validate` returns a promise. */
  Serial: v.pipeAsync(
    v.string(),
    v.checkAsync(async (serial) => serial.startsWith('SN'), 'a serial starts with SN'),
  ),
};

async function openTyped(path = ':memory:') {
  const engine = await openEngine({
    store: createSqliteStore({ path }),
    processes: ['AgentStart'],
    clock: manualClock(),
    tags: schemas,
  });
  onTestFinished(() => engine.close());
  return engine;
}

/** The ValidationError a call rejects with. */
async function refusal(call: Promise<unknown>): Promise<ValidationError> {
  const error = await call.then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('an engine with tag schemas', () => {
  it('validates createMachine and stores the schema output', async () => {
    const engine = await openTyped();
    const error = await refusal(engine.createMachine({ tags: { Hostname: 'a', Region: 'mars' as 'eu' } }));
    expect(error.field).toBe('tags.Region');
    expect(error.message).toMatch(/^tags\.Region: does not match its schema: /);
    expect(error.cause).toEqual([expect.objectContaining({ message: expect.any(String) })]);
    expect(await engine.machines()).toEqual([]);

    const machine = await engine.createMachine({ tags: { Hostname: '  Node-1 ', Region: 'eu' } });
    expect((await engine.machine(machine.id))?.tags).toMatchObject({
      Hostname: { value: 'node-1' },
      Region: { value: 'eu' },
    });
    expect(machine.tags.Hostname?.value).toBe('node-1');
  });

  it('validates every entry of createMachines and creates none when one is refused', async () => {
    const engine = await openTyped();
    const error = await refusal(
      engine.createMachines([
        { tags: { Region: 'eu' } },
        { tags: { AgentStarted: { at: 1, publicKey: 7 as unknown as string } } },
      ]),
    );
    expect(error.field).toBe('inputs[1].tags.AgentStarted');
    expect(error.message).toContain('publicKey: ');
    expect(await engine.machines()).toEqual([]);

    const created = await engine.createMachines([{ tags: { Hostname: 'A' } }, { tags: { Serial: 'SN1' } }]);
    expect(created.map((machine) => machine.tags)).toEqual([
      { Hostname: { value: 'a', updatedAt: expect.any(Number) } },
      { Serial: { value: 'SN1', updatedAt: expect.any(Number) } },
    ]);
  });

  it('validates setTags, awaiting an asynchronous schema, and changes nothing when refused', async () => {
    const engine = await openTyped();
    const { id } = await engine.createMachine({ tags: { Serial: 'SN1', Region: 'eu' } });
    const error = await refusal(engine.setTags(id, { Region: 'us', Serial: 'XX2' }));
    expect(error.field).toBe('tags.Serial');
    expect(error.message).toBe('tags.Serial: does not match its schema: a serial starts with SN');
    expect((await engine.machine(id))?.tags).toMatchObject({
      Serial: { value: 'SN1' },
      Region: { value: 'eu' },
    });

    await engine.setTags(id, { Region: 'us', Serial: 'SN2', Hostname: ' B ' });
    expect((await engine.machine(id))?.tags).toMatchObject({
      Serial: { value: 'SN2' },
      Region: { value: 'us' },
      Hostname: { value: 'b' },
    });
  });

  it('validates every entry of setTagsMany and writes none when one is refused', async () => {
    const engine = await openTyped();
    const [a, b] = await engine.createMachines([{ tags: { Region: 'eu' } }, { tags: { Region: 'eu' } }]);
    const error = await refusal(
      engine.setTagsMany([
        { machineId: a!.id, tags: { Region: 'us' } },
        { machineId: b!.id, tags: { Serial: 'no' } },
      ]),
    );
    expect(error.field).toBe('entries[1].tags.Serial');
    const regions = async () =>
      Promise.all([a!.id, b!.id].map(async (id) => (await engine.machine(id))?.tags.Region?.value));
    expect(await regions()).toEqual(['eu', 'eu']);

    await engine.setTagsMany([
      { machineId: a!.id, tags: { Region: 'us' } },
      { machineId: b!.id, tags: { Hostname: 'C ' } },
    ]);
    expect(await regions()).toEqual(['us', 'eu']);
    expect((await engine.machine(b!.id))?.tags.Hostname?.value).toBe('c');
  });

  it('validates finish({ setTags }): a refused commit applies nothing and leaves the work held', async () => {
    const engine = await openTyped();
    const { id } = await engine.createMachine({ tags: { Region: 'eu' } });
    const session = await engine.startSession({ component: 'test', heartbeat: false });
    const work = await session.work('AgentStart', { machineId: id });

    const error = await refusal(
      work.finish({ setTags: { AgentStarted: { at: 1 } as { at: number; publicKey: string } } }),
    );
    expect(error.field).toBe('setTags.AgentStarted');
    expect(work.done).toBe(false);
    expect(await engine.activeWork()).toMatchObject([{ machineId: id, token: work.token }]);
    expect((await engine.history()).map((event) => event.event)).toEqual(['Started']);
    expect(await engine.machine(id)).not.toHaveProperty('tags.AgentStarted');

    await work.finish({ setTags: { AgentStarted: { at: 1, publicKey: 'k1' }, Hostname: 'N1' } });
    expect((await engine.history()).map((event) => event.event)).toEqual(['Started', 'Finished']);
    expect((await engine.machine(id))?.tags).toMatchObject({
      AgentStarted: { value: { at: 1, publicKey: 'k1' } },
      Hostname: { value: 'n1' },
    });
  });

  it('holds the work while an asynchronous schema validates a finish, as a finish in flight', async () => {
    const engine = await openTyped();
    const { id } = await engine.createMachine();
    const session = await engine.startSession({ component: 'test', heartbeat: false });
    const work = await session.work('AgentStart', { machineId: id });
    const finishing = work.finish({ setTags: { Serial: 'SN9' } });
    await expect(work.fail('meanwhile')).rejects.toBeInstanceOf(AlreadyDoneError);
    await finishing;
    expect((await engine.history()).map((event) => event.event)).toEqual(['Started', 'Finished']);
    expect((await engine.machine(id))?.tags.Serial?.value).toBe('SN9');
  });

  it('validates each commit of finishMany on its own: a refused one leaves its work held, the others finish with the schema outputs', async () => {
    const engine = await openTyped();
    const ids = (await engine.createMachines([{}, {}, {}, {}])).map((machine) => machine.id);
    const session = await engine.startSession({ component: 'test', heartbeat: false });
    const works = await Promise.all(ids.map((machineId) => session.work('AgentStart', { machineId })));
    const [synced, refused, awaited, refusedLater] = works;

    const outcomes = await session.finishMany([
      { work: synced!, commit: { setTags: { Hostname: ' Node-1 ' } } },
      { work: refused!, commit: { setTags: { Region: 'mars' as 'eu' } } },
      { work: awaited!, commit: { setTags: { Serial: 'SN1', Hostname: 'B' } } },
      { work: refusedLater!, commit: { setTags: { Serial: 'XX' } } },
    ]);

    expect(outcomes.map((outcome) => (outcome.ok ? 'ok' : (outcome.error as ValidationError).field))).toEqual(
      ['ok', 'setTags.Region', 'ok', 'setTags.Serial'],
    );
    expect(works.map((work) => work.done)).toEqual([true, false, true, false]);
    const finished = (await engine.history()).filter((event) => event.event === 'Finished');
    expect(finished.map((event) => event.token)).toEqual([synced!.token, awaited!.token]);
    expect((await engine.machine(ids[0]!))?.tags.Hostname?.value).toBe('node-1');
    expect((await engine.machine(ids[2]!))?.tags).toMatchObject({
      Serial: { value: 'SN1' },
      Hostname: { value: 'b' },
    });
    expect(await engine.machine(ids[1]!)).not.toHaveProperty('tags.Region');
    expect((await engine.activeWork()).map((work) => work.token)).toEqual([
      refused!.token,
      refusedLater!.token,
    ]);
  });

  it('writes a tag without a schema unchecked', async () => {
    const engine = await openEngine({
      store: createSqliteStore(),
      processes: ['AgentStart'],
      tags: { Region: z.enum(['eu', 'us']) },
    });
    onTestFinished(() => engine.close());
    // Names outside the schemas do not compile on this engine; at run time they are written as given.
    const loose = engine as unknown as { setTags(id: string, tags: Record<string, unknown>): Promise<void> };
    const { id } = await engine.createMachine({ tags: { Region: 'eu' } });
    await loose.setTags(id, { Rack: { row: 3 } });
    expect((await engine.machine(id))?.tags).toMatchObject({ Rack: { value: { row: 3 } } });
  });

  it('refuses a schema output that is not JSON, and a schema that throws, naming the tag', async () => {
    const throwing: StandardSchemaV1<string> = {
      '~standard': {
        version: 1,
        vendor: 'test',
        validate: () => {
          throw new Error('boom');
        },
      },
    };
    const engine = await openEngine({
      store: createSqliteStore(),
      processes: ['AgentStart'],
      tags: { When: z.string().transform((text) => new Date(text)), Broken: throwing },
    });
    onTestFinished(() => engine.close());
    const notJson = await refusal(engine.createMachine({ tags: { When: '2026-01-01' } }));
    expect(notJson.field).toBe('tags.When');
    const threw = await refusal(engine.createMachine({ tags: { Broken: 'x' } }));
    expect(threw.message).toBe('tags.Broken: its schema threw: boom');
    expect(threw.cause).toEqual(new Error('boom'));
    expect(await engine.machines()).toEqual([]);
  });

  it('does not validate reads: a value written without the schema reads back as stored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tagout-typed-tags-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const path = join(dir, 'fleet.db');
    const untyped = await openEngine({ store: createSqliteStore({ path }), processes: ['AgentStart'] });
    const { id } = await untyped.createMachine({ tags: { Region: 'mars' } });
    await untyped.close();

    const engine = await openTyped(path);
    expect((await engine.machine(id))?.tags.Region?.value).toBe('mars');
    expect(await engine.machines({ where: { tag: 'Region', equals: 'mars' as 'eu' } })).toHaveLength(1);
  });
});
