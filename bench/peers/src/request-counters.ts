/**
 * Counters of the requests a client sends, fed the client's bytes in whatever chunks TCP
 * delivers them.
 */
export interface RequestCounter {
  feed(chunk: Buffer): void;
  /** Requests seen so far. */
  readonly count: number;
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
export class PostgresRequestCounter implements RequestCounter {
  count = 0;
  #startup = true;
  #header = Buffer.alloc(0);
  #skip = 0;

  feed(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.#skip > 0) {
        const n = Math.min(this.#skip, chunk.length - at);
        this.#skip -= n;
        at += n;
        continue;
      }
      const headerSize = this.#startup ? 8 : 5;
      const take = Math.min(headerSize - this.#header.length, chunk.length - at);
      this.#header = Buffer.concat([this.#header, chunk.subarray(at, at + take)]);
      at += take;
      if (this.#header.length < headerSize) return;
      if (this.#startup) {
        const length = this.#header.readInt32BE(0);
        const code = this.#header.readInt32BE(4);
        if (code !== SSL_REQUEST && code !== GSSENC_REQUEST) this.#startup = false;
        this.#skip = length - 8;
      } else {
        const type = this.#header[0];
        if (type === QUERY || type === SYNC) this.count++;
        this.#skip = this.#header.readInt32BE(1) - 4;
      }
      this.#header = Buffer.alloc(0);
    }
  }
}

const CR = 0x0d;
const LF = 0x0a;

/**
 * Redis commands in RESP: each array (`*<n>` then n bulk strings `$<len>` + data) is one
 * command, whether sent alone, pipelined or inside MULTI; an inline command (a plain line) too.
 */
export class RedisRequestCounter implements RequestCounter {
  count = 0;
  #line: number[] = [];
  /** Bulk strings still to come in the current command. */
  #bulks = 0;
  /** Bytes of bulk data (with its CRLF) still to skip. */
  #skip = 0;

  feed(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (this.#skip > 0) {
        const n = Math.min(this.#skip, chunk.length - at);
        this.#skip -= n;
        at += n;
        continue;
      }
      const byte = chunk[at++] as number;
      if (byte !== LF) {
        if (byte !== CR) this.#line.push(byte);
        continue;
      }
      const line = Buffer.from(this.#line).toString('latin1');
      this.#line = [];
      this.#onLine(line);
    }
  }

  #onLine(line: string): void {
    if (this.#bulks > 0 && line.startsWith('$')) {
      this.#bulks--;
      this.#skip = Number(line.slice(1)) + 2;
    } else if (line.startsWith('*')) {
      this.count++;
      this.#bulks = Number(line.slice(1));
    } else if (line.length > 0) {
      this.count++;
    }
  }
}
