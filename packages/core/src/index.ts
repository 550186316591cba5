export { computeBackoff, type NextBackoff, nextBackoffMs } from './backoff.js';
export type { SetTagsManyEntry } from './bulk-writes.js';
export { MANUAL_CLOCK_START_MS, type ManualClock, manualClock } from './clock.js';
export {
  type ActiveWorkQuery,
  type BackoffsQuery,
  type CreateMachineInput,
  type Engine,
  type EngineOptions,
  type EngineStats,
  type MachinesQuery,
  openEngine,
} from './engine.js';
export type { ProcessesOption } from './engine-processes.js';
export {
  AlreadyDoneError,
  BackedOffError,
  ClosedError,
  MachineBusyError,
  MachineExistsError,
  NotFoundError,
  SessionExpiredError,
  StoreConnectionError,
  StoreError,
  TagoutError,
  type TagoutErrorCode,
  ValidationError,
  WorkConflictError,
  WorkLostError,
} from './errors.js';
export { Emitter, type EngineEvents, type Listener, ListenerError, type WorkEventBase } from './events.js';
export { compileFilter, matchesFilter, valueAtPath } from './filter.js';
export { type FinishManyEntry, type FinishOutcome, finishSignal } from './finish-many.js';
export {
  DEFAULT_LIST_LIMIT,
  type HistoryQuery,
  PRUNE_BATCH,
  type PruneHistoryOptions,
} from './history.js';
export { historyIdOfSequence, sequenceOfHistoryId } from './history-ids.js';
export { isUuid, newId, OPERATOR_SESSION_ID } from './ids.js';
export { canonicalJson, type Json, whyNotJson } from './json.js';
export {
  type KeepListeningOptions,
  keepListening,
  type ListeningConnection,
  type ListeningEvents,
  RELISTEN_MAX_DELAY_MS,
  relistenDelayMs,
} from './keep-listening.js';
export { LIMITS } from './limits.js';
export type { ClearBackoffInput, SessionsQuery } from './operator-operations.js';
export { checkOptions } from './options.js';
export type { Session, SessionOptions } from './session.js';
export type { StandardSchemaV1 } from './standard-schema.js';
export { toStorableText } from './storable-text.js';
export type * from './store.js';
export { StoreSubscriptions } from './store-subscriptions.js';
export type {
  InferTagInputs,
  InferTags,
  MachineTags,
  TagName,
  TagSchemaMap,
  TagSchemas,
  TagTypes,
  TagValues,
  TypedFilter,
  UntypedFilter,
  UntypedTags,
} from './tag-types.js';
export type * from './types.js';
export { checkDuration } from './validate.js';
export {
  DEFAULT_WAIT_TIMEOUT_MS,
  type WaitForWorkOptions,
  type WakeReason,
  type WakeUp,
} from './wake-up.js';
export type { Work, WorkCommit } from './work.js';
export type { WorkManyOptions } from './work-many.js';
