import { isSpanContextValid, trace } from '@opentelemetry/api'
import { pino, stdSerializers, type DestinationStream, type Level, type Logger } from 'pino'
import { redactUrls } from '@relaymesh/errors'
import { redactSecrets } from './redactSecrets.js'

export type CreateLoggerParameters = {
  /** Service name, e.g. `verifier`. */
  name: string
  level?: Level | 'silent'
  /** Fields on every line, e.g. `{ relayerId }`. */
  base?: Record<string, unknown>
  /** Where lines go; default stdout. Tests pass a stream to capture lines. */
  destination?: DestinationStream
}

export type { Logger }
export type CreateLoggerReturnType = Logger

/**
 * pino JSON logger for relaymesh. Every line carries `traceId` and `spanId`
 * of the active span (so Jaeger and logs join up), and values of secret-named
 * keys (`privateKey`, `key`, `secret`, `password`, `mnemonic`,
 * `authorization`, …) are replaced by `[redacted]` at any depth, in log
 * objects and in child bindings; every URL on the line, errors included,
 * loses its credentials, path and query (`redactUrls`). Modules take `logger.child({ module })`.
 *
 * @example
 * const logger = createLogger({ name: 'verifier', level: config.logLevel, base: { relayerId: config.relayerId } })
 * const log = logger.child({ module: 'light-client' })
 * log.info({ slot }, 'update verified')
 */
export function createLogger({
  name,
  level = 'info',
  base = {},
  destination,
}: CreateLoggerParameters): CreateLoggerReturnType {
  const options = {
    name,
    level,
    base: redactSecrets({ ...base }),
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
    mixin: activeTraceFields,
    serializers: { err: serializeError },
    formatters: {
      level: (label: string) => ({ level: label }),
      bindings: (bindings: Record<string, unknown>) => redactSecrets(bindings),
      log: (object: Record<string, unknown>) => redactSecrets(object),
    },
    // The last pass over the finished line: errors are serialised after the formatters (viem's message, `url`,
    // `details` and stack all carry the RPC URL), so URLs are redacted in the JSON text itself.
    hooks: { streamWrite: redactUrls },
  }
  const logger = destination ? pino(options, destination) : pino(options)
  // pino serialises child bindings once, bypassing `formatters.bindings`, so
  // redact them here. Children are created with `Object.create(parent)` and
  // inherit this `child`, which covers grandchildren too.
  const child = logger.child
  logger.child = function redactedChild(this: Logger, bindings, childOptions) {
    return child.call(this, redactSecrets(bindings), childOptions)
  } as typeof logger.child // reason: same signature; the generic parameter of pino's child is preserved by the cast
  return logger
}

/**
 * pino's error serialiser, then the same secret redaction as log objects (an error's own fields are not walked by
 * the formatters), without the `client` that `pg` attaches to a connection's errors: the whole connection object,
 * with its cancel key, on every lost idle connection.
 */
function serializeError(error: unknown): unknown {
  // reason: pino passes what was logged under `err`; non-errors come back as they are
  const serialized = stdSerializers.err(error as Error) as unknown as Record<string, unknown>
  if (typeof serialized !== 'object' || serialized === null) return serialized
  const { client: _client, ...rest } = serialized
  return redactSecrets(rest)
}

function activeTraceFields(): Record<string, string> {
  const spanContext = trace.getActiveSpan()?.spanContext()
  if (!spanContext || !isSpanContextValid(spanContext)) return {}
  return { traceId: spanContext.traceId, spanId: spanContext.spanId }
}
