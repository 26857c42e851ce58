import { RandomIdGenerator, type IdGenerator } from '@opentelemetry/sdk-trace-base'

export type PresetIds = { traceId: string; spanId: string }

export type PresetIdGenerator = IdGenerator & {
  /** Runs `start` (which must start exactly one span, synchronously) with `ids` as that span's ids. */
  withIds<T>(ids: PresetIds, start: () => T): T
}

/**
 * Random ids, except for the one span started inside `withIds`. The SDK has
 * no other way to give a span an id chosen by the caller, which a
 * deterministic trace root needs (every relayer derives the same root span
 * id from a message id). Safe without locks: `Tracer.startSpan` asks for the
 * ids synchronously, and JavaScript runs one `withIds` at a time.
 */
export function createPresetIdGenerator(): PresetIdGenerator {
  const random = new RandomIdGenerator()
  let preset: PresetIds | undefined
  return {
    generateTraceId: () => preset?.traceId ?? random.generateTraceId(),
    generateSpanId: () => preset?.spanId ?? random.generateSpanId(),
    withIds(ids, start) {
      preset = ids
      try {
        return start()
      } finally {
        preset = undefined
      }
    },
  }
}
