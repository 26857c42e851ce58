import { bytesToHex, type Hex } from '@relaymesh/protocol'
import { redactSecrets } from '@relaymesh/telemetry'
import type { BatchRecord, BatchSummaryRecord, MessageRecord } from '@relaymesh/store'
import type { BatchStatus, BatchSummary, IsoTime, MessageSummary } from '@relaymesh/sdk'

const iso = (date: Date | null): IsoTime | null => (date ? date.toISOString() : null)
const hexOrNull = (bytes: Uint8Array | null): Hex | null => (bytes ? bytesToHex(bytes) : null)

/**
 * A stored message as the API shows it (bigints as decimal strings, bytes as
 * hex). Rejection details are redacted like log lines: they come from
 * revert data and dead letters, which nobody vetted.
 *
 * @example
 * const view = toMessageSummary(await getMessage(db, { id }))
 */
export function toMessageSummary(record: MessageRecord): MessageSummary {
  const { hops } = record
  const inBatch = record.batchDestination !== null && record.batchIndex !== null && record.leafIndex !== null
  return {
    id: bytesToHex(record.id),
    state: record.state,
    origin: record.origin,
    destination: record.destination,
    nonce: record.nonce.toString(),
    sender: bytesToHex(record.sender),
    recipient: bytesToHex(record.recipient),
    gasLimit: record.gasLimit,
    payload: bytesToHex(record.payload),
    verification: record.verification,
    reasonCode: record.reasonCode,
    attempts: record.attempts,
    rejections: record.rejections.map((r) => ({
      stage: r.stage,
      reasonCode: r.reasonCode,
      details: redactSecrets(r.details ?? null),
      at: r.createdAt.toISOString(),
    })),
    hops: {
      observed: iso(hops.observedAt),
      verified: iso(hops.verifiedAt),
      batched: iso(hops.batchedAt),
      settled: iso(hops.settledAt),
      executed: iso(hops.executedAt),
    },
    source: {
      blockNumber: record.sourceBlockNumber.toString(),
      blockHash: bytesToHex(record.sourceBlockHash),
      txHash: bytesToHex(record.sourceTxHash),
      logIndex: record.logIndex,
    },
    batch: inBatch
      ? {
          // reason: all three checked non-null in inBatch
          destination: record.batchDestination as number,
          batchIndex: (record.batchIndex as bigint).toString(),
          leafIndex: record.leafIndex as number,
        }
      : null,
    executionTxHash: hexOrNull(record.executionTxHash),
    traceparent: record.traceparent,
  }
}

/**
 * A stored batch with its message ids, as the API shows it.
 *
 * @example
 * const view = toBatchStatus(batch, await getBatchMessageIds(db, { destination, batchIndex }))
 */
export function toBatchStatus(batch: BatchRecord, messageIds: readonly Uint8Array[]): BatchStatus {
  const { times, traceparent, ...summary } = toBatchSummary(batch)
  return {
    ...summary,
    signatures: batch.signatures.map((s) => ({ signer: bytesToHex(s.signer), signature: bytesToHex(s.signature) })),
    messageIds: messageIds.map((id) => bytesToHex(id)),
    times,
    traceparent,
  }
}

/**
 * A batch row without signatures and ids, as the list route shows it.
 *
 * @example
 * const views = (await listBatches(db, { limit: 20 })).batches.map(toBatchSummary)
 */
export function toBatchSummary(batch: BatchSummaryRecord): BatchSummary {
  return {
    destination: batch.destination,
    batchIndex: batch.batchIndex.toString(),
    root: bytesToHex(batch.root),
    messageCount: batch.messageCount,
    previousBatchHash: bytesToHex(batch.previousBatchHash),
    state: batch.state,
    batchHash: bytesToHex(batch.batchHash),
    proposer: bytesToHex(batch.proposer),
    submitTxHash: hexOrNull(batch.submitTxHash),
    times: {
      proposed: batch.createdAt.toISOString(),
      signed: iso(batch.signedAt),
      submitted: iso(batch.submittedAt),
      settled: iso(batch.settledAt),
    },
    traceparent: batch.traceparent,
  }
}
