/**
 * How a payload type becomes NATS message bytes and back (JSON for small
 * control messages, a binary form for bundles), without publishers or
 * consumers knowing which. `contentType` travels in the `Rm-Codec` header so a
 * consumer can refuse bytes it cannot read instead of mis-decoding them.
 */
export type BusCodec<T> = {
  /** e.g. `application/vnd.relaymesh.verified+json;v=1` */
  contentType: string
  /**
   * Other content types this codec also decodes (e.g. a second payload
   * kind sharing a stream); `decode` is told which one arrived.
   */
  accepts?: readonly string[]
  encode(value: T): Uint8Array
  /** Throws (any error) on malformed input; `consume` turns that into a `BUS_DECODE_FAILED` dead letter. */
  decode(bytes: Uint8Array, contentType?: string): T
}
