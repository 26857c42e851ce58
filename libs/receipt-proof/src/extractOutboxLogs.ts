import { getLog, toReceipt } from './getLog.js'
import type { Hex } from './hex.js'
import type { Receipt } from './Receipt.js'

export type ExtractOutboxLogsParameters = {
  /** The configured Outbox contract address (any case). */
  outbox: Hex
  /** topic0 to match, normally {@link DISPATCH_TOPIC}. */
  dispatchTopic: Hex
}

export type OutboxLog = {
  /** Position within this receipt's logs, as {@link getLog} takes it. */
  logIndex: number
  topics: Hex[]
  /** The event's ABI data; {@link decodeDispatchData} turns it into the message bytes. */
  data: Uint8Array
}

export type ExtractOutboxLogsReturnType = OutboxLog[]

/**
 * The logs of a receipt emitted by `outbox` with topic0 `dispatchTopic`, in
 * order, with their indexes in the receipt. Logs of any other contract are
 * left out, even with the same topic (anyone can emit a look-alike event).
 *
 * @example
 * const receipt = verifyReceiptProof({ receiptsRoot, txIndex, proof })
 * for (const { logIndex, topics, data } of extractOutboxLogs(receipt, { outbox, dispatchTopic: DISPATCH_TOPIC })) {
 *   const message = decodeDispatchData(data)
 * }
 */
export function extractOutboxLogs(
  receipt: Uint8Array | Receipt,
  parameters: ExtractOutboxLogsParameters,
): ExtractOutboxLogsReturnType {
  const decoded = toReceipt(receipt)
  const outbox = parameters.outbox.toLowerCase()
  const topic = parameters.dispatchTopic.toLowerCase()
  const matches: OutboxLog[] = []
  for (let logIndex = 0; logIndex < decoded.logs.length; logIndex++) {
    const log = getLog(decoded, logIndex)
    if (log.address === outbox && log.topics[0] === topic)
      matches.push({ logIndex, topics: log.topics, data: log.data })
  }
  return matches
}
