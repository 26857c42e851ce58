/**
 * The one error model of relaymesh (after viem's `BaseError` and Lodestar's
 * `LodestarError`): a stable string `code`, typed `meta`, and an `action`
 * telling the caller what to do: retry later, reject the input for good, or
 * stop the process.
 */
export type ErrorAction = 'retry' | 'reject' | 'fatal'

export type BaseErrorParameters<code extends string = string> = {
  code: code
  action: ErrorAction
  details?: string | undefined
  meta?: Record<string, unknown> | undefined
  cause?: unknown
}

export type SerializedError = {
  name: string
  code: string
  action: ErrorAction
  message: string
  meta: Record<string, unknown>
}

export class BaseError<code extends string = string> extends Error {
  override name = 'RelaymeshError'
  readonly code: code
  readonly action: ErrorAction
  readonly shortMessage: string
  readonly details: string | undefined
  readonly meta: Record<string, unknown>

  constructor(shortMessage: string, parameters: BaseErrorParameters<code>) {
    const lines = [shortMessage, `code: ${parameters.code}`]
    if (parameters.details) lines.push(`details: ${parameters.details}`)
    super(lines.join('\n'), parameters.cause === undefined ? undefined : { cause: parameters.cause })
    this.shortMessage = shortMessage
    this.code = parameters.code
    this.action = parameters.action
    this.details = parameters.details
    this.meta = parameters.meta ?? {}
  }

  /** JSON-safe form for logs, Postgres rows and API responses (bigints become strings). */
  toJSON(): SerializedError {
    return {
      name: this.name,
      code: this.code,
      action: this.action,
      message: this.shortMessage,
      meta: JSON.parse(
        JSON.stringify(this.meta, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
      ) as Record<string, unknown>, // reason: round-trip through JSON yields a plain record
    }
  }
}

/** True when `error` is a relaymesh error, optionally with the given code. */
export function isRelaymeshError<code extends string>(error: unknown, code?: code): error is BaseError<code> {
  return error instanceof BaseError && (code === undefined || error.code === code)
}
