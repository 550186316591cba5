import pg from 'pg';

/**
 * The connection settings of what tagout creates from a connection string, bounded by `timeoutMs`
 * everywhere: connecting (`connectionTimeoutMillis`, also a pool's wait for a free client), each
 * query (`query_timeout`, client side: the query rejects and pg-pool destroys its connection, so a
 * connection with a query of unknown fate is never reused), each statement on the server
 * (`statement_timeout`), a transaction left idle (`idle_in_transaction_session_timeout`, so the
 * server ends a transaction whose client vanished), and TCP keepalive on idle connections (which
 * is also what finds a listening connection whose peer vanished).
 */
export function ownedClientConfig(connectionString: string, timeoutMs: number): pg.ClientConfig {
  return {
    connectionString,
    application_name: 'tagout',
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
    statement_timeout: timeoutMs,
    idle_in_transaction_session_timeout: timeoutMs,
    keepAlive: true,
    keepAliveInitialDelayMillis: timeoutMs,
  };
}

/** The `pg.Pool` tagout creates from a connection string, with {@link ownedClientConfig}. */
export function createOwnedPool(connectionString: string, timeoutMs: number): pg.Pool {
  const pool = new pg.Pool(ownedClientConfig(connectionString, timeoutMs));
  // An idle client whose connection dies is removed by the pool; the event must have a listener.
  pool.on('error', () => undefined);
  return pool;
}
