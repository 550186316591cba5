import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tagout } from './support/run-tagout.js';

const COMMANDS = [
  'machines',
  'machine',
  'history',
  'backoffs',
  'work',
  'sessions',
  'clear-backoff',
  'prune-history',
  'stats',
  'migrate',
  'web',
];

describe('tagout exit codes: 0 ok, 1 refused, 2 usage', () => {
  let dir: string;
  let store: string[];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tagout-cli-'));
    store = ['--store', join(dir, 'fleet.db'), '--processes', 'AgentStart'];
    expect(await tagout([...store, 'migrate'])).toMatchObject({ code: 0 });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('--help on the program and on every command exits 0 and names the command', async () => {
    const top = await tagout(['--help']);
    expect(top.code).toBe(0);
    for (const command of COMMANDS) expect(top.stdout).toContain(command);
    for (const command of COMMANDS) {
      const help = await tagout([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(`Usage: tagout ${command}`);
      expect(help.stdout).toContain('--store <url>');
    }
  });

  it.each([
    ['an unknown command', ['frobnicate']],
    ['an unknown option', ['stats', '--frob']],
    ['a missing argument', ['machine']],
    ['a --limit that is no number', ['machines', '--limit', 'ten']],
    ['a --where that is no JSON', ['machines', '--where', '{has:']],
  ])('%s is a usage error (2)', async (_, args) => {
    const result = await tagout([...store, ...args]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).not.toBe('');
  });

  it('no store, an unknown store URL or an option of another store is a usage error (2)', async () => {
    expect(await tagout(['--processes', 'A', 'stats'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('give --store URL or TAGOUT_STORE'),
    });
    expect(await tagout(['--store', 'mysql://x', '--processes', 'A', 'stats'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('unknown store "mysql://x"'),
    });
    expect(await tagout([...store, '--schema', 's', 'stats'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--schema is for postgres:// stores'),
    });
  });

  it('without a process list, commands use the processes the store records; the flag or the environment overrides', async () => {
    const path = store[1]!;
    const discovered = await tagout(['--store', path, 'stats', '--json']);
    expect(discovered.code).toBe(0);
    expect(JSON.parse(discovered.stdout)).toMatchObject({ liveWork: { AgentStart: 0 } });
    const env = { TAGOUT_STORE: path, TAGOUT_PROCESSES: 'AgentStart, Recovery' };
    const fromEnv = await tagout(['stats', '--json'], { env });
    expect(fromEnv.code).toBe(0);
    expect(JSON.parse(fromEnv.stdout)).toMatchObject({ liveWork: { AgentStart: 0, Recovery: 0 } });
    expect(await tagout(['--store', path, '--processes', ' , ', 'stats'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('which processes? give --processes A,B'),
    });
  });

  it('a new store migrated without --processes records none: reads exit 1 saying so', async () => {
    const fresh = join(dir, 'fresh.db');
    expect(await tagout(['--store', fresh, 'migrate'])).toMatchObject({ code: 0 });
    expect(await tagout(['--store', fresh, 'stats'])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: expect.stringContaining('no engine has declared any yet'),
    });
  });

  it('web on a non-loopback host without a token is a usage error (2)', async () => {
    expect(await tagout([...store, 'web', '--host', '0.0.0.0', '--port', '0'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--host 0.0.0.0 is not loopback: give --token'),
    });
  });

  it('prune-history without a duration, or with one that is not, is a usage error (2) and deletes nothing', async () => {
    for (const bad of ['30x', '-5s', '1.5h', 'soon', '']) {
      expect(await tagout([...store, 'prune-history', '--older-than', bad])).toMatchObject({
        code: 2,
        stdout: '',
        stderr: expect.stringContaining("option '--older-than <duration>' argument"),
      });
    }
    expect(await tagout([...store, 'prune-history'])).toMatchObject({ code: 2, stdout: '' });
    expect(await tagout([...store, 'prune-history', '--older-than', '30d'])).toEqual({
      code: 0,
      stdout: 'deleted 0 history events\n',
      stderr: '',
    });
  });

  it('input the engine refuses exits 1 with the ValidationError message', async () => {
    expect(await tagout([...store, 'machines', '--limit', '0'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'tagout: limit: must be an integer from 1 to 100000\n',
    });
    expect(await tagout([...store, 'history', '--process', 'Nope'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^tagout: process: /),
    });
    expect(await tagout([...store, 'machine', 'not-a-uuid'])).toMatchObject({
      code: 1,
      stderr: expect.stringMatching(/^tagout: id: /),
    });
  });

  it('a machine that does not exist exits 1', async () => {
    const id = randomUUID();
    expect(await tagout([...store, 'machine', id])).toEqual({
      code: 1,
      stdout: '',
      stderr: `tagout: machine ${id} not found\n`,
    });
  });

  it('reading a SQLite file that does not exist exits 1 and creates nothing', async () => {
    const missing = join(dir, 'typo.db');
    expect(await tagout(['--store', missing, '--processes', 'A', 'stats'])).toMatchObject({
      code: 1,
      stderr: `tagout: no SQLite file at ${missing} (tagout migrate creates one)\n`,
    });
    expect(existsSync(missing)).toBe(false);
  });
});
