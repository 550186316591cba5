import { recordSignals, type SignalRecorder } from '@tagout/conformance';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { describeTransitionSignals } from '../../store-redis/test/helpers/transition-signals.js';
import { createPostgresStore, type PostgresStore } from '../src/index.js';
import { notifyChannel } from '../src/notify-channel.js';
import { describePostgres, dropSchema, freshSchema } from './helpers/postgres.js';

describePostgres('what transitions signal to a subscriber of another store on the schema', (url) => {
  const schema = freshSchema('signals');
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  let reader: PostgresStore;
  let signals: SignalRecorder;

  beforeAll(async () => {
    await createPostgresStore({ pool, schema }).open();
    // Its own connection string, so it listens on a pg.Client of its own.
    reader = createPostgresStore({ connectionString: url, schema });
    signals = await recordSignals(reader);
  });
  afterAll(async () => {
    await signals.close();
    await reader.close();
    await dropSchema(url, schema);
    await pool.end();
  });

  describeTransitionSignals(() => ({
    signals,
    // Writers share the pool (closing one ends no connection) and send their signals by close().
    newStore: () => createPostgresStore({ pool, schema, autoMigrate: false }),
    // Notifications arrive in commit order: the marker comes after every signal a closed writer sent.
    mark: async (name) => {
      await pool.query('select pg_notify($1, $2)', [notifyChannel(schema), name]);
    },
  }));
});
