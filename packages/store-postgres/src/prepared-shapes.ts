import { statementName } from './statement-name.js';

/**
 * Claim-by-filter shapes (statement texts) a store runs as named prepared statements; the
 * statements of further shapes run unnamed.
 */
export const PREPARED_FILTER_SHAPES = 20;

/**
 * Decides which statement texts of run-time shapes get a prepared-statement name. `pg` prepares
 * a named statement once per connection and keeps it for the connection's life (it remembers
 * it in `connection.parsedStatements` and never deallocates it), and Postgres keeps its plans:
 * hundreds of shapes made a backend grow by tens of MiB. So the first `limit` distinct texts
 * are named (a steady workload's handful of filters keeps its planning savings) and every later
 * text runs as the unnamed statement, parsed and planned per call, holding nothing afterwards.
 * Evicting instead would need a `DEALLOCATE` on every pooled connection that prepared the
 * statement, which a pool does not let a caller reach.
 */
export class PreparedShapes {
  readonly #limit: number;
  readonly #named = new Set<string>();

  constructor(limit = PREPARED_FILTER_SHAPES) {
    this.#limit = limit;
  }

  /** The statement name of `text`, or undefined (run it unnamed) once `limit` other texts are named. */
  nameOf(text: string): string | undefined {
    if (!this.#named.has(text)) {
      if (this.#named.size >= this.#limit) return undefined;
      this.#named.add(text);
    }
    return statementName(text);
  }
}
