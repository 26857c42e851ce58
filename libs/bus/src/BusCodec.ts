/**
 * How a payload type becomes NATS message bytes and back. Bundles are JSON
 * today; a binary codec (SSZ, protobuf) can replace it without touching
 * publishers or consumers. `contentType` travels in the `Rm-Codec` header so a
 * consumer can refuse bytes it cannot read instead of mis-decoding them.
 */
export type BusCodec<T> = {
  /** e.g. `application/vnd.relaymesh.bundle+json;v=1` */
  contentType: string
  /**
   * Older or alternative content types this codec also decodes (e.g. the
   * JSON form of a payload that is now published in binary); `decode` is told
   * which one arrived.
   */
  accepts?: readonly string[]
  encode(value: T): Uint8Array
  /** Throws (any error) on malformed input; `consume` turns that into a `BUS_DECODE_FAILED` dead letter. */
  decode(bytes: Uint8Array, contentType?: string): T
}
