/** The name of a tagout error class, as `error.name` reports it. */
export type ErrorName =
  | 'SessionExpiredError'
  | 'ClosedError'
  | 'WorkConflictError'
  | 'BackedOffError'
  | 'WorkLostError'
  | 'AlreadyDoneError'
  | 'MachineBusyError'
  | 'MachineExistsError'
  | 'NotFoundError'
  | 'ValidationError';

/** An error the model predicts, with the details the engine must agree on. */
export type ExpectedError =
  | {
      name: Exclude<ErrorName, 'WorkConflictError' | 'BackedOffError'>;
      /** The machine the error must name (the one that stopped a bulk write). */
      machineId?: string;
    }
  /** The process the conflict must name (see `Store.claim`). */
  | { name: 'WorkConflictError'; heldProcess: string }
  | { name: 'BackedOffError'; until: number; cause: string };

/** What the model predicts an operation returns: a value, or an error. */
export type Expected<T> = { ok: true; value: T } | { ok: false; error: ExpectedError };

/** A predicted success. */
export function success<T>(value: T): Expected<T> {
  return { ok: true, value };
}

/** A predicted failure. */
export function failure<T>(error: ExpectedError): Expected<T> {
  return { ok: false, error };
}
