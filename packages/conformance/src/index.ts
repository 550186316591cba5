export { checkExclusivity, type ExclusivityOptions, type ExclusivityReport } from './check-exclusivity.js';
export { describeStoreConformance } from './describe-store-conformance.js';
export { FLEET_PROCESS, FLEET_WHERE, type FleetWorkerOptions, runFleetWorker } from './fleet/fleet-worker.js';
export { type KillScenarioOptions, runKillScenario } from './fleet/kill-scenario.js';
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
export { storeEvents } from './store-events.js';
