/**
 * How a payload type becomes NATS message bytes and back. Bundles are JSON
 * today; a binary codec (SSZ, protobuf) can replace it without touching
 * publishers or consumers. `contentType` travels in the `Rm-Codec` header so a
 * consumer can refuse bytes it cannot read instead of mis-decoding them.
 */
export type BusCodec<T> = {
  /** e.g. `application/vnd.relaymesh.bundle+json;v=1` */
  contentType: string
  encode(value: T): Uint8Array
  /** Throws (any error) on malformed input; `consume` turns that into a `BUS_DECODE_FAILED` dead letter. */
  decode(bytes: Uint8Array): T
}
