/** What `findStreamPressure` reads of a stream: its state and limit. */
export type StreamFill = { bytes: number; maxBytes: number; firstSeq: number; lastSeq: number }

/** What it reads of each durable consumer on the stream. */
export type ConsumerLag = { name: string; ackFloor: number; numPending: number; numAckPending: number }

export type StreamPressure =
  { full: false } | { full: true; consumer: string; headroomBytes: number; reserveBytes: number }

/**
 * Whether publishing more could make the stream discard a message some consumer has not acked yet. The stream keeps
 * its bytes under `maxBytes` by dropping its oldest messages (limits retention, discard old): harmless for what every
 * consumer acked, a silent loss for what one has not (a verifier down while the watcher goes on publishing). For each
 * consumer with work left, the headroom is the free bytes plus the bytes of the messages older than its ack floor
 * (which can go first), estimated from the stream's mean message size; under `reserveFraction` of `maxBytes`, the
 * stream is full for publishers until that consumer catches up. A consumer with nothing pending never holds it.
 *
 * @example
 * findStreamPressure({ bytes: 950, maxBytes: 1000, firstSeq: 1, lastSeq: 100 }, [
 *   { name: 'verifier', ackFloor: 2, numPending: 90, numAckPending: 8 },
 * ])
 * // { full: true, consumer: 'verifier', headroomBytes: 69, reserveBytes: 100 }
 */
export function findStreamPressure(
  stream: StreamFill,
  consumers: readonly ConsumerLag[],
  { reserveFraction = 0.1 } = {},
): StreamPressure {
  if (stream.maxBytes <= 0) return { full: false }
  const reserveBytes = Math.floor(stream.maxBytes * reserveFraction)
  const free = stream.maxBytes - stream.bytes
  if (free >= reserveBytes) return { full: false }
  const count = stream.lastSeq - stream.firstSeq + 1
  const meanBytes = count > 0 ? stream.bytes / count : 0
  let worst: StreamPressure = { full: false }
  for (const c of consumers) {
    if (c.numPending === 0 && c.numAckPending === 0) continue
    const droppable = Math.max(0, c.ackFloor + 1 - stream.firstSeq) * meanBytes
    const headroomBytes = Math.floor(free + droppable)
    if (headroomBytes < reserveBytes && (!worst.full || headroomBytes < worst.headroomBytes))
      worst = { full: true, consumer: c.name, headroomBytes, reserveBytes }
  }
  return worst
}
