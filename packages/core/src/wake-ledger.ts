/**
 * What an engine has heard from its store, by process, as numbered signals, and what its last
 * claim of each process that found nothing began at: enough to tell a wait whether a signal it
 * must not miss has already arrived. Internal to the wake hub.
 */
export class WakeLedger {
  /** Bumped by every signal: a claim records it as it begins. */
  #version = 0;
  /** The version of the last signal that named no process (anything may have changed). */
  #everything = 0;
  /** The version of the last signal naming each process. */
  readonly #byProcess = new Map<string, number>();
  /** Per process, the last claim that found nothing and that no wait has returned for yet. */
  readonly #nothing = new Map<string, NothingRecord>();

  /** The current version: a claim that begins now sees every signal numbered up to it. */
  get version(): number {
    return this.#version;
  }

  /** Records a signal: `processes` may have work eligible now, or anything may (`null`). */
  heard(processes: readonly string[] | null): void {
    const version = ++this.#version;
    if (processes === null) this.#everything = version;
    else for (const process of processes) this.#byProcess.set(process, version);
  }

  /** Whether a signal after `mark` named one of `relevant`, or no process at all. */
  changedSince(mark: number, relevant: readonly string[]): boolean {
    if (this.#everything > mark) return true;
    return relevant.some((process) => (this.#byProcess.get(process) ?? 0) > mark);
  }

  /** A claim of `process` that began at version `mark` found nothing; `deadline`: when its backoff info says to look again. */
  foundNothing(process: string, mark: number, deadline: number | undefined): void {
    this.#nothing.set(process, { mark, deadline });
  }

  /** The record a wait of `process` looks back to, if any. */
  lastNothing(process: string): NothingRecord | undefined {
    return this.#nothing.get(process);
  }

  /** A wait that looked back to `record` returned: the next wait looks back no further than its own start. */
  answered(process: string, record: NothingRecord | undefined): void {
    if (record !== undefined && this.#nothing.get(process) === record) this.#nothing.delete(process);
  }
}

/** A claim that found nothing, as a later wait sees it. */
export interface NothingRecord {
  /** The ledger's version when the claim began. */
  readonly mark: number;
  /** When the earliest backoff the claim learned of ends (engine time, see `WakeHub`), if any. */
  readonly deadline: number | undefined;
}
