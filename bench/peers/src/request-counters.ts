/**
 * Counters of the requests a client sends, fed the client's bytes in whatever chunks TCP
 * delivers them.
 */
export interface RequestCounter {
  feed(chunk: Buffer): void;
  /** Requests seen so far. */
  readonly count: number;
}

/** A stream parser that can skip a known number of bytes (message bodies, bulk data). */
abstract class SkippingCounter implements RequestCounter {
  count = 0;
  /** Bytes still to pass over before parsing resumes. */
  protected skip = 0;

  feed(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - at);
        this.skip -= n;
        at += n;
      } else {
        at = this.parse(chunk, at);
      }
    }
  }

  /** Parses from `at` (not skipping) and returns where it stopped. */
  protected abstract parse(chunk: Buffer, at: number): number;
}

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const QUERY = 0x51; // 'Q'
const SYNC = 0x53; // 'S'

/**
 * Postgres frontend messages: counts simple queries ('Q') and Syncs ('S'), which end every
 * extended-protocol exchange (Parse/Bind/Execute/Sync): one per round trip a driver makes.
 * The start-up packet (and an SSL or GSS request before it) has no type byte.
 */
export class PostgresRequestCounter extends SkippingCounter {
  #startup = true;
  #header = Buffer.alloc(0);

  protected parse(chunk: Buffer, at: number): number {
    const headerSize = this.#startup ? 8 : 5;
    const end = Math.min(at + headerSize - this.#header.length, chunk.length);
    this.#header = Buffer.concat([this.#header, chunk.subarray(at, end)]);
    if (this.#header.length < headerSize) return end;
    if (this.#startup) {
      const code = this.#header.readInt32BE(4);
      if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) this.#startup = false;
      this.skip = this.#header.readInt32BE(0) - 8;
    } else {
      if (this.#header[0] === QUERY || this.#header[0] === SYNC) this.count++;
      this.skip = this.#header.readInt32BE(1) - 4;
    }
    this.#header = Buffer.alloc(0);
    return end;
  }
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * Redis commands in RESP: each array (`*<n>` then n bulk strings `$<len>` + data) is one
 * command, whether sent alone, pipelined or inside MULTI; an inline command (a plain line) too.
 */
export class RedisRequestCounter extends SkippingCounter {
  #line: number[] = [];
  /** Bulk strings still to come in the current command. */
  #bulks = 0;

  protected parse(chunk: Buffer, at: number): number {
    const byte = chunk[at] as number;
    if (byte === LF) {
      this.#onLine(Buffer.from(this.#line).toString('latin1'));
      this.#line = [];
    } else if (byte !== CR) {
      this.#line.push(byte);
    }
    return at + 1;
  }

  #onLine(line: string): void {
    if (this.#bulks > 0 && line.startsWith('$')) {
      this.#bulks--;
      this.skip = Number(line.slice(1)) + 2;
    } else if (line.startsWith('*')) {
      this.count++;
      this.#bulks = Number(line.slice(1));
    } else if (line.length > 0) {
      this.count++;
    }
  }
}
