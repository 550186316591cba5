export { checkExclusivity, type ExclusivityOptions, type ExclusivityReport } from './check-exclusivity.js';
export { checkLiveState } from './check-live-state.js';
export { describeStoreConformance } from './describe-store-conformance.js';
export { finishWrites } from './finish-writes.js';
export { type ChildOutput, childOutput } from './fleet/child-output.js';
export { FLEET_PROCESS, FLEET_WHERE, type FleetWorkerOptions, runFleetWorker } from './fleet/fleet-worker.js';
export { type KillScenarioOptions, runKillScenario } from './fleet/kill-scenario.js';
export {
  type FleetWorkerSummary,
  type RestartScenarioOptions,
  type RestartScenarioReport,
  runRestartScenario,
  type StoreFault,
} from './fleet/restart-scenario.js';
export { startWorkerProcess, type WorkerProcess, type WorkerScript } from './fleet/worker-process.js';
export { GROUP_NAMES, type GroupName } from './group-names.js';
export type { ConformanceOptions } from './harness.js';
export type { ErrorName, Expected, ExpectedError } from './model/expected.js';
export {
  type ClaimPlan,
  type ExpectedClaim,
  type ModelCommit,
  type ModelHandle,
  type ModelHistoryQuery,
  type ModelSession,
  ReferenceModel,
  type ReferenceModelOptions,
} from './model/reference-model.js';
export { readAllHistory } from './read-all-history.js';
export {
  expectRetiredSessionsDeleted,
  expectWorkOfGoneSessionReaped,
  type RetiredSessionsProbe,
} from './retired-sessions.js';
export { describeFinishMany } from './scenarios/finish-many.js';
export { describeWorkMany, withoutClaimMany } from './scenarios/work-many.js';
export type { GroupSelection } from './select-groups.js';
export { freePort, portFree, waitUntil } from './servers/free-port.js';
export { type PrivatePostgres, startPrivatePostgres } from './servers/private-postgres.js';
export { type PrivateRedis, startPrivateRedis } from './servers/private-redis.js';
export { recordSignals, type Signal, type SignalRecorder } from './signal-recorder.js';
export { storeEvents } from './store-events.js';
export type { StoreLimits } from './store-limits.js';
export { storeWithout, withoutFinishMany } from './store-without.js';
export { withoutSubscribe } from './without-subscribe.js';
