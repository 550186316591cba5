import type { Store } from '@tagout/core';
import pg from 'pg';
import { describe, it } from 'vitest';
import { CANDIDATES, probePostgres } from './pg-url.js';

/** The URL of the test database, or undefined when Postgres is unreachable. */
export const PG_URL: string | undefined = await probePostgres();

/**
 * `describe` for tests that need Postgres. Unreachable Postgres: under `CI` the file fails;
 * otherwise it prints one line saying how to start it, and the block is skipped.
 */
export function describePostgres(name: string, body: (url: string) => void): void {
  const url = PG_URL;
  if (url !== undefined) {
    describe(name, () => body(url));
    return;
  }
  const where = CANDIDATES.join(' or ');
  if (process.env.CI) {
    describe(name, () => {
      it('reaches postgres', () => {
        throw new Error(`postgres unreachable at ${where} (CI is set, so this is a failure)`);
      });
    });
    return;
  }
  console.log(
    `postgres unreachable at ${where} — start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
  );
  describe.skipIf(true)(name, () => body(''));
}

/** A fresh schema name for one test store. */
export function freshSchema(prefix = 't'): string {
  return `${prefix}_${crypto.randomUUID().replaceAll('-', '').slice(0, 12)}`;
}

/** Drops a schema and everything in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** Creates a session straight through the store (component `test`) and returns its id. */
export async function createTestSession(
  store: Store,
  session: { intervalMs: number; now: number },
): Promise<string> {
  const id = crypto.randomUUID();
  await store.createSession({ id, component: 'test', runtimeInfo: '', retentionMs: 0, ...session });
  return id;
}
