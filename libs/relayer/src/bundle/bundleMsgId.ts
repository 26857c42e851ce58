import type { Hex } from 'viem'

/**
 * The JetStream message id of a bundle part: deduplicates republished parts.
 *
 * @example
 * publish(bus, subject, part.bytes, { codec: encodedBundleCodec, msgId: bundleMsgId(part) })
 */
export function bundleMsgId(part: { origin: number; blockHash: Hex; part: number }): string {
  return `${part.origin}:${part.blockHash}:${part.part}`
}
