import { Redis } from 'ioredis';

/**
 * The client tagout creates for a `url` (connected by `open()`, closed by `close()`):
 * - `connectTimeout` and `commandTimeout` of `timeoutMs`: a connect or a command that gets no
 *   answer fails (the store's caller sees `StoreError`, outcome unknown);
 * - `autoResendUnfulfilledCommands: false`: a command that was sent when the connection broke is
 *   never sent again after the reconnect. It may have run already, and a transition script
 *   run twice would report its own first effect as a refusal (a finish `lost`, a createMachine
 *   `exists`) or claim a second machine the caller never hears of;
 * - `maxRetriesPerRequest: 0`: such a command fails as soon as the connection breaks;
 * - `enableOfflineQueue: false`: nothing is queued while the connection is down, so a command
 *   that timed out waiting can never run later. The store waits for the connection to be
 *   ready itself, up to `timeoutMs`, before it sends a command.
 */
export function createOwnedClient(url: string, timeoutMs: number): Redis {
  return new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    autoResendUnfulfilledCommands: false,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
}
