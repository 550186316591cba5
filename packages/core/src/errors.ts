/** Stable codes of every error tagout throws. */
export type TagoutErrorCode =
  | 'SESSION_EXPIRED'
  | 'WORK_CONFLICT'
  | 'BACKED_OFF'
  | 'WORK_LOST'
  | 'ALREADY_DONE'
  | 'MACHINE_BUSY'
  | 'MACHINE_EXISTS'
  | 'NOT_FOUND'
  | 'VALIDATION'
  | 'STORE'
  | 'STORE_CONNECTION'
  | 'CLOSED'
  | 'LISTENER';

/** Base class of every error tagout throws: a stable `code` and, where there was one, the original `cause`. */
export class TagoutError extends Error {
  /** Stable, machine-readable code. */
  readonly code: TagoutErrorCode;

  constructor(code: TagoutErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.name = new.target.name;
  }
}

/** The session is past its deadline (or closed): start a new one. */
export class SessionExpiredError extends TagoutError {
  readonly sessionId: string;
  constructor(sessionId: string, options?: { cause?: unknown }) {
    super('SESSION_EXPIRED', `session ${sessionId} has expired`, options);
    this.sessionId = sessionId;
  }
}

/** The pair (or a pair of a mutually exclusive process) already has a live holder. */
export class WorkConflictError extends TagoutError {
  readonly machineId: string;
  /** The process whose live work blocks the claim. */
  readonly heldProcess: string;
  constructor(machineId: string, process: string, heldProcess: string) {
    super('WORK_CONFLICT', `machine ${machineId} has live ${heldProcess} work, so ${process} cannot start`);
    this.machineId = machineId;
    this.heldProcess = heldProcess;
  }
}

/** The pair is in active backoff: no work for it starts before `until`. */
export class BackedOffError extends TagoutError {
  readonly machineId: string;
  readonly process: string;
  /** When the backoff ends (ms since epoch). */
  readonly until: number;
  /** The failure that caused it. (Also the error's `cause`.) */
  override readonly cause: string;
  constructor(machineId: string, process: string, until: number, cause: string) {
    super(
      'BACKED_OFF',
      `${process} on machine ${machineId} is backed off until ${new Date(until).toISOString()}: ${cause}`,
      {
        cause,
      },
    );
    this.machineId = machineId;
    this.process = process;
    this.until = until;
    this.cause = cause;
  }
}

/** The holder's session expired or the pair was taken over: nothing it sent was applied. */
export class WorkLostError extends TagoutError {
  constructor(machineId: string, process: string, why: string) {
    super('WORK_LOST', `${process} work on machine ${machineId} was lost (${why}); nothing was applied`);
  }
}

/** finish or fail ran after the work was already ended. */
export class AlreadyDoneError extends TagoutError {
  constructor(machineId: string, process: string) {
    super('ALREADY_DONE', `${process} work on machine ${machineId} is already done`);
  }
}

/** The machine has live work, so it cannot be deleted. */
export class MachineBusyError extends TagoutError {
  constructor(machineId: string, process?: string) {
    super('MACHINE_BUSY', `machine ${machineId} has live ${process ?? ''} work`.replace('  ', ' '));
  }
}

/** A machine with this id already exists. */
export class MachineExistsError extends TagoutError {
  /** The id that exists (for a bulk create: the first such id of the input). */
  readonly machineId: string;
  constructor(machineId: string) {
    super('MACHINE_EXISTS', `machine ${machineId} already exists`);
    this.machineId = machineId;
  }
}

/** No such machine. */
export class NotFoundError extends TagoutError {
  constructor(what: string) {
    super('NOT_FOUND', `${what} not found`);
  }
}

/**
 * Bad input. Nothing was changed. A tag value its schema refused has the schema's issues
 * (Standard Schema `Issue[]`) as `cause`.
 */
export class ValidationError extends TagoutError {
  /** Where in the input the problem is, e.g. `tags.Provided` or `policy.initialMs`. */
  readonly field: string;
  constructor(field: string, problem: string, options?: { cause?: unknown }) {
    super('VALIDATION', `${field}: ${problem}`, options);
    this.field = field;
  }
}

/** The store failed (connection, driver, disk). The driver's error is the `cause`. */
export class StoreError extends TagoutError {
  constructor(operation: string, cause: unknown) {
    super(
      'STORE',
      `store operation ${operation} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      {
        cause,
      },
    );
  }
}

/**
 * Reported through `onError`, never thrown: the store's connection to its server broke between
 * operations (`restored: false`, the driver's error as `cause`), or works again after such an
 * outage (`restored: true`). Each outage is reported once, and its end once.
 */
export class StoreConnectionError extends TagoutError {
  /** false: the connection broke; true: it works again. */
  readonly restored: boolean;
  constructor(restored: boolean, cause?: unknown) {
    super(
      'STORE_CONNECTION',
      restored
        ? 'store connection restored'
        : `store connection lost: ${cause instanceof Error ? cause.message : String(cause)}`,
      restored ? undefined : { cause },
    );
    this.restored = restored;
  }
}

/**
 * The caller closed it: the engine (`engine.close()`), a session (`session.close()`, or
 * `engine.close()` closing its sessions) and so the work of that session, or a worker. Not
 * a failure of the store or of a deadline: a session that expired before it was closed
 * keeps reporting {@link SessionExpiredError} (and its work {@link WorkLostError}).
 */
export class ClosedError extends TagoutError {
  constructor(what: string, detail?: string) {
    super('CLOSED', `${what} is closed${detail === undefined ? '' : `: ${detail}`}`);
  }
}
