import { expect, it } from 'vitest';
import { describePostgres } from './helpers/postgres.js';
import { storeOnFreshSchema } from './helpers/store-on-fresh-schema.js';

describePostgres('bulk writes: migration 9 beside migration 6', (url) => {
  const { pool, s, store } = storeOnFreshSchema(url, 'bulk');

  it("migration 6's array form still writes, as a process of the previous release calls it", async () => {
    const [a, b] = [crypto.randomUUID(), crypto.randomUUID()];
    const created = await pool.query(
      `select ${s}.create_machines($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::float8) as r`,
      [[a, b], [a, b, b], ['Zone', 'Zone', 'Rack'], ['"eu"', '"us"', '{"row":2}'], 5],
    );
    const set = await pool.query(
      `select ${s}.set_tags_many($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::float8) as r`,
      [[a], [a], ['Rack'], ['1'], 6],
    );

    expect([created.rows[0].r, set.rows[0].r]).toEqual([{ ok: true, createdAt: 5 }, { ok: true }]);
    expect(await store.getMachine({ machineId: a })).toEqual({
      id: a,
      createdAt: 5,
      tags: { Zone: { value: 'eu', updatedAt: 5 }, Rack: { value: 1, updatedAt: 6 } },
    });
    expect((await store.getMachine({ machineId: b }))?.tags.Rack).toEqual({
      value: { row: 2 },
      updatedAt: 5,
    });
  });

  it('a batch whose names and values do not line up (a value holding U+001F) writes nothing', async () => {
    const id = crypto.randomUUID();
    const write = store.createMachines({ machines: [{ id, tags: { Note: '"a\u001fb"' } }], now: 7 });

    await expect(write).rejects.toThrow(/do not line up/);
    expect(await store.getMachine({ machineId: id })).toBeNull();
  });
});
