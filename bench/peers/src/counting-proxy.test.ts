import { Redis } from '@tagout/store-redis';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { type CountingProxy, startCountingProxy } from './counting-proxy.js';
import { describeWithServers } from './test-servers.js';

function at(url: string, proxy: CountingProxy): string {
  const proxied = new URL(url);
  proxied.port = String(proxy.port);
  return proxied.toString();
}

describeWithServers('the counting proxy of the idle measurement', ({ postgresUrl, redisUrl }) => {
  const opened: CountingProxy[] = [];
  afterEach(async () => {
    for (const proxy of opened.splice(0)) await proxy.close();
  });

  it('counts one Postgres round trip per query, simple or extended, and none for connecting', async () => {
    const url = postgresUrl;
    const target = new URL(url);
    const proxy = await startCountingProxy({ host: target.hostname, port: Number(target.port) }, 'postgres');
    opened.push(proxy);
    const client = new pg.Client({ connectionString: at(url, proxy) });
    await client.connect();
    expect(proxy.requests()).toBe(0);
    await client.query('select 1'); // simple protocol: one Query message
    await client.query('select $1::int as n', [2]); // extended: Parse, Bind, Describe, Execute, Sync
    await client.query({ name: 'peers_proxy_test', text: 'select $1::text as s', values: ['x'] });
    await client.query({ name: 'peers_proxy_test', text: 'select $1::text as s', values: ['y'] });
    // A large value arrives in several TCP chunks, and is still one round trip.
    const { rows } = await client.query('select length($1::text) as n', ['z'.repeat(200_000)]);
    expect(rows[0].n).toBe(200_000);
    await client.end();
    expect(proxy.requests()).toBe(5);
    expect(proxy.connections()).toBe(1);
  });

  it('counts every Redis command, alone, pipelined or in MULTI', async () => {
    const target = new URL(redisUrl);
    const proxy = await startCountingProxy({ host: target.hostname, port: Number(target.port) }, 'redis');
    opened.push(proxy);
    const client = new Redis(at(redisUrl, proxy), { enableReadyCheck: false });
    const key = `peers-proxy-test-${crypto.randomUUID()}`;
    await client.ping();
    const before = proxy.requests();
    await client.set(key, 'v'.repeat(100_000));
    await client.pipeline().get(key).strlen(key).exec();
    await client.multi().strlen(key).del(key).exec(); // MULTI, STRLEN, DEL, EXEC
    expect(proxy.requests() - before).toBe(7);
    client.disconnect();
  });
});
