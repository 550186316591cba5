import pg from 'pg';

/** The URLs tried for the test database: `TAGOUT_PG_URL`, else `postgres` then `root` on 127.0.0.1. */
export const CANDIDATES = process.env.TAGOUT_PG_URL
  ? [process.env.TAGOUT_PG_URL]
  : ['postgres://postgres@127.0.0.1:5432/test', 'postgres://root@127.0.0.1:5432/test'];

/** The first of {@link CANDIDATES} that answers `select 1`, or undefined when none does. */
export async function probePostgres(): Promise<string | undefined> {
  for (const url of CANDIDATES) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      return url;
    } catch {
      // try the next candidate
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  return undefined;
}
