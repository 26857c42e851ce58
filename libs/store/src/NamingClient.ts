import { createHash } from 'node:crypto'
import pg from 'pg'

/** Distinct statements one connection prepares; texts past it run unnamed (parsed and planned each time). */
export const MAX_NAMED_STATEMENTS = 256

type QueryConfigLike = { text?: unknown; name?: unknown; values?: unknown }

/**
 * A `pg.Client` that prepares each parameterized statement once per connection: it names the query after a hash of
 * its text, so the server parses and plans it once and later calls send only Bind/Execute. The hot path runs the same
 * few dozen texts thousands of times (the verifier's insert, the watcher's cursor, the finality journal); parsing
 * and planning them was 10-18% of Postgres's time for a relayer under `bench:mesh` load.
 *
 * Postgres keeps choosing a custom plan per call where the parameters matter (it compares the generic plan with the
 * first five custom ones), so a partial index chosen by a parameter still serves. Statements without parameters,
 * or past `MAX_NAMED_STATEMENTS` distinct texts (texts built with a varying number of placeholders), run unnamed.
 * Behind PgBouncer in transaction mode this needs PgBouncer 1.21 or later with `max_prepared_statements` set.
 *
 * @example
 * const pool = new pg.Pool({ connectionString, Client: NamingClient })
 */
export class NamingClient extends pg.Client {
  readonly #names = new Map<string, string>()

  /* eslint-disable @typescript-eslint/no-explicit-any -- reason: pg.Client.query's eleven overloads cannot be
     re-declared one by one in a subclass; the arguments pass through to them unchanged but for the name */
  override query(config: any, values?: any, callback?: any): any {
    return super.query(this.#named(config, values) as any, values, callback)
  }
  /* eslint-enable @typescript-eslint/no-explicit-any */

  #named(config: unknown, values: unknown): unknown {
    if (typeof config === 'string') {
      if (!hasValues(values)) return config
      const name = this.#nameOf(config)
      return name === undefined ? config : { text: config, name }
    }
    if (config === null || typeof config !== 'object' || typeof (config as { submit?: unknown }).submit === 'function')
      return config
    const c = config as QueryConfigLike // reason: a query config object (text, values, name...)
    if (typeof c.text !== 'string' || c.name !== undefined || !(hasValues(c.values) || hasValues(values))) return config
    const name = this.#nameOf(c.text)
    return name === undefined ? config : { ...c, name }
  }

  #nameOf(text: string): string | undefined {
    const known = this.#names.get(text)
    if (known !== undefined || this.#names.size >= MAX_NAMED_STATEMENTS) return known
    const name = `rm_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`
    this.#names.set(text, name)
    return name
  }
}

function hasValues(values: unknown): boolean {
  return Array.isArray(values) && values.length > 0
}
