/**
 * The Postgres floor: a drain that writes exactly the rows tagout's contract asks of a claim and a
 * finish, in tagout's own tables (schema, indexes and all), in sets, with none of the engine around
 * them. Its rate in the same run is what tagout on Postgres could reach with those writes.
 *
 * Per item: a claim locks the machine (`for update skip locked`), inserts its work row with a
 * fencing token and a `Started` history row; a finish deletes the work row (the fencing check: the
 * row with that token), inserts a `Finished` history row and upserts the tag `Done`. One statement
 * per batch of claims (up to `prefetch` + `concurrency`, as tagout's bench settings) and one per
 * batch of finishes, the next claim on its way while the finishes are.
 *
 * Left out, as the engine's own work: the filter language (the floor walks machines in id order
 * with a cursor of its own, then again from the start, and skips those done), session liveness,
 * exclusivity with other processes, backoffs, the machine version, signals (LISTEN/NOTIFY), and the
 * checks and results of the API. It answers the drain only: the latency and idle workloads, which
 * measure wake-ups, do not run it.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Consumer, PeerContext, PeerSystem } from '../system.js';
import { packageVersion } from '../versions.js';
import { tagoutSystem } from './tagout.js';

const PROCESS = 'Bench';
/** Claimed ahead of the handlers, as tagout's bench setting (`TAGOUT_PREFETCH`'s default). */
const PREFETCH = 256;
/** The first machine id in id order: where the walk starts, and starts again. */
const FIRST = '00000000-0000-0000-0000-000000000000';

/** The two statements of the floor, in `schema`. */
function statements(schema: string) {
  const s = `"${schema}"`;
  return {
    /** $1 session, $2 cursor (id), $3 limit, $4 now: claims up to $3 machines after the cursor. */
    claim: `with c as (
        select m.id from ${s}.machines m
         where m.id > $2
           and not exists (select 1 from ${s}.tags t where t.machine_id = m.id and t.name = 'Done')
           and not exists (select 1 from ${s}.work w where w.machine_id = m.id and w.process = '${PROCESS}')
         order by m.id
         limit $3
           for update of m skip locked),
      w as (
        insert into ${s}.work (machine_id, process, session_id, token, started_at)
        select id, '${PROCESS}', $1, nextval('${s}.tokens'), $4 from c
        returning machine_id, token),
      h as (
        insert into ${s}.history (machine_id, process, event, at, session_id, token)
        select machine_id, '${PROCESS}', 'Started', $4, $1, token from w)
      select w.machine_id as id, w.token,
             (select t.value from ${s}.tags t where t.machine_id = w.machine_id and t.name = 'Sent') as sent
        from w order by w.machine_id`,
    /** $1 session, $2 machine ids, $3 tokens, $4 now: finishes those works. */
    finish: `with d as (
        delete from ${s}.work w using unnest($2::uuid[], $3::bigint[]) as u(machine, token)
         where w.machine_id = u.machine and w.process = '${PROCESS}' and w.token = u.token and w.session_id = $1
        returning w.machine_id, w.token),
      h as (
        insert into ${s}.history (machine_id, process, event, at, session_id, token)
        select machine_id, '${PROCESS}', 'Finished', $4, $1, token from d),
      t as (
        insert into ${s}.tags (machine_id, name, value, updated_at)
        select machine_id, 'Done', 'true'::jsonb, $4 from d
        on conflict (machine_id, name) do update set value = excluded.value, updated_at = excluded.updated_at)
      select count(*)::int as n from d`,
  };
}

interface Claimed {
  id: string;
  token: string;
  sent: unknown;
}

async function openConsumer(context: PeerContext): Promise<Consumer> {
  const pool = new pg.Pool({ connectionString: context.postgresUrl, max: context.concurrency + 2 });
  pool.on('error', () => undefined);
  const sql = statements(context.namespace);
  const session = randomUUID();
  const limit = PREFETCH + context.concurrency;
  let running = false;
  let loop: Promise<void> | undefined;

  /** Claims the next batch after `cursor`, wrapping around once when the walk reaches the end. */
  async function claim(cursor: string): Promise<{ rows: Claimed[]; cursor: string }> {
    for (const from of cursor === FIRST ? [FIRST] : [cursor, FIRST]) {
      const { rows } = await pool.query<Claimed>({
        name: 'floor_claim',
        text: sql.claim,
        values: [session, from, limit, Date.now()],
      });
      if (rows.length > 0) return { rows, cursor: rows[rows.length - 1]!.id };
    }
    return { rows: [], cursor: FIRST };
  }

  async function finish(rows: readonly Claimed[]): Promise<void> {
    await pool.query({
      name: 'floor_finish',
      text: sql.finish,
      values: [session, rows.map((row) => row.id), rows.map((row) => row.token), Date.now()],
    });
  }

  /** Claim a batch, handle it, send its finishes and claim the next while they are on their way. */
  async function drain(onItem: (sentAtUs: number | undefined) => void): Promise<void> {
    let cursor = FIRST;
    let finishing: Promise<void> = Promise.resolve();
    while (running) {
      const claimed = await claim(cursor);
      cursor = claimed.cursor;
      if (claimed.rows.length === 0) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        continue;
      }
      for (const row of claimed.rows) onItem(typeof row.sent === 'number' ? row.sent : undefined);
      await finishing;
      finishing = finish(claimed.rows);
    }
    await finishing;
  }

  return {
    async start(onItem) {
      running = true;
      loop = drain(onItem);
      loop.catch((error: unknown) => console.warn(`floor · Postgres: ${String(error)}`));
    },
    async stop() {
      running = false;
      await loop?.catch(() => undefined);
      await pool.end();
    },
  };
}

/** The Postgres floor of tagout's contracted writes (see the module's comment). */
export const floorPostgresSystem: PeerSystem = {
  id: 'floor-postgres',
  label: 'floor · Postgres',
  store: 'Postgres',
  embedded: false,
  drainOnly: true,
  version: `pg ${packageVersion('pg')}`,
  settings: `tagout's tables, no engine: per item a work row with a fencing token, \`Started\` and \`Finished\` history rows and the tag \`Done\`; one statement per batch of up to ${PREFETCH} + \`concurrency\` claims (\`for update skip locked\`, a cursor in id order) and one per batch of finishes, the next claim on its way while the finishes are`,
  openProducer: (context) => tagoutSystem('Postgres').openProducer(context),
  openConsumer,
};
