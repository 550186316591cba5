export { type CliIo, terminalIo } from './cli-io.js';
export type { MachineReport } from './commands/machine.js';
export { EXIT, runCli } from './run-cli.js';
export { type OpenedStore, type StoreLocation, storeFromUrl } from './store-from-url.js';
export { RefusedError, UsageError } from './usage-error.js';
