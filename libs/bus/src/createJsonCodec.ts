import type { BusCodec } from './BusCodec.js'

export type CreateJsonCodecParameters<T> = {
  contentType: string
  /**
   * Schema-driven decode of the parsed JSON, e.g. a zod schema's `parse` that
   * turns decimal strings back into bigints (`z.string().transform(BigInt)`).
   * It is the only place a payload's shape is trusted, so it must validate.
   */
  parse: (raw: unknown) => T
}

const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })

function bigintAsDecimal(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString(10) : value
}

/**
 * JSON codec that is bigint-safe: bigints are written as decimal strings, and
 * `parse` (schema-driven) restores them. Strings stay strings, so there is no
 * tag that user data could collide with.
 *
 * @example
 * const bundleCodec = createJsonCodec<Bundle>({
 *   contentType: 'application/vnd.relaymesh.bundle+json;v=1',
 *   parse: (raw) => BundleSchema.parse(raw),
 * })
 * const bytes = bundleCodec.encode({ block: 21_000_000n, messages })
 */
export function createJsonCodec<T>({ contentType, parse }: CreateJsonCodecParameters<T>): BusCodec<T> {
  return {
    contentType,
    encode: (value) => encoder.encode(JSON.stringify(value, bigintAsDecimal)),
    decode: (bytes) => parse(JSON.parse(decoder.decode(bytes))),
  }
}
