import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listenSql, notifyChannel } from '../src/notify-channel.js';
import { SignalSender } from '../src/signal-sender.js';
import { describePostgres, freshSchema } from './helpers/postgres.js';

const GAP_MS = 100;

describePostgres('signals raised while a store is busy', (url) => {
  const channel = notifyChannel(freshSchema('throttle'));
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  const listener = new pg.Client({ connectionString: url });
  const heard: string[] = [];

  beforeAll(async () => {
    await listener.connect();
    listener.on('notification', (message) => heard.push(message.payload ?? ''));
    await listener.query(listenSql(channel));
  });
  afterAll(async () => {
    await listener.end();
    await pool.end();
  });

  it('go out at most one statement per gap, merged, none lost', async () => {
    const sender = new SignalSender(pool, channel, 10_000, GAP_MS);
    const started = performance.now();
    // Signals raised one round trip apart: without the gap, each would get a statement of its own.
    const raised: string[] = [];
    for (let i = 0; i < 20; i++) {
      raised.push(`P${i}`);
      sender.raise([`P${i}`]);
      await pool.query('select 1');
    }
    await sender.idle();
    const elapsed = performance.now() - started;
    // Every statement has reached the listener once a marker sent after them has.
    await pool.query('select pg_notify($1, $2)', [channel, 'marker']);
    await expect.poll(() => heard.at(-1), { interval: 5, timeout: 10_000 }).toBe('marker');

    const statements = heard.slice(0, -1);
    expect(statements.length).toBeGreaterThanOrEqual(1);
    expect(statements.length).toBeLessThanOrEqual(Math.ceil(elapsed / GAP_MS) + 1);
    expect(new Set(statements.flatMap((payload) => payload.split(',')))).toEqual(new Set(raised));
  });
});
