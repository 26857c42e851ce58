/** What the stream and this relayer's verifier consumer say of one part of a block's first publish. */
export type FirstPublishPart = {
  /** The stream sequence its PubAck named. */
  seq: number
  /** The `Nats-Msg-Id` of the message the stream holds at `seq` now; undefined when it holds none there. */
  heldMsgId: string | undefined
}

/**
 * - `unknown`: this process did not publish the block (or the stream could not be asked).
 * - `waiting`: the stream holds every part and the verifier has not acknowledged past one of them yet: it is not
 *   delivered yet, in the verifier's hands, or waiting for a later try (a block not final yet). It will be verified in
 *   its turn; this relayer is behind, it has not lost the block.
 * - `dropped-by-stream`: a part is no longer in the stream (removed for room, purged, or lost by the server).
 * - `passed-by-verifier`: the verifier acknowledged past every part without storing its messages.
 */
export type FirstPublishFate = 'unknown' | 'waiting' | 'dropped-by-stream' | 'passed-by-verifier'

/**
 * What became of a block's first publish, from where its parts stand in the stream and the verifier consumer's ack
 * floor. Only `waiting` means reading the block again would be for nothing. A part above the floor may have been
 * acknowledged out of order with its messages not stored: it counts as waiting until the floor passes it (the floor
 * moves on once every earlier delivery is settled), and a later hint reads the block then.
 *
 * @example
 * if (judgeFirstPublish(hash, parts, consumer.ack_floor.stream_seq) === 'waiting') return // the verifier gets to it
 */
export function judgeFirstPublish(
  blockHash: string,
  parts: readonly FirstPublishPart[] | undefined,
  verifierAckFloor: number,
): FirstPublishFate {
  if (!parts || parts.length === 0) return 'unknown'
  const hash = blockHash.toLowerCase()
  // A part's msg id names its block (`<origin>:<block hash>:<part>`); another message at its sequence means it is gone.
  if (parts.some((p) => !p.heldMsgId?.toLowerCase().includes(hash))) return 'dropped-by-stream'
  if (parts.some((p) => p.seq > verifierAckFloor)) return 'waiting'
  return 'passed-by-verifier'
}
