import type { Hex } from 'viem'

/** How a block's finality was established; carried to Postgres, the API and the SDK. */
export type Verification = 'light-client' | 'attested' | 'confirmations'

/** An Outbox log the watcher claims inside a proven receipt. */
export type ClaimedLog = {
  /** Index of the log inside its receipt. */
  logIndex: number
  /** Message id the watcher read from the log's first indexed topic (re-checked by the verifier). */
  messageId: Hex
  /** W3C traceparent of the message's trace, started at observation. */
  traceparent?: string | undefined
}

export type ClaimedReceipt = {
  txIndex: number
  txHash: Hex
  /** Indexes into `SourceBundle.nodes`, root first. */
  proof: number[]
  logs: ClaimedLog[]
}

/**
 * One finalized source block's cross-chain messages with everything needed to
 * verify them from scratch (libs/relayer/DESIGN.md, "Source bundle"). A block
 * larger than one NATS payload is split in `partCount` parts.
 */
export type SourceBundle = {
  version: 1
  origin: number
  blockNumber: string
  blockHash: Hex
  parentHash: Hex
  /** RLP of the block header. */
  header: Hex
  /** Unique receipt-trie nodes shared by this part's proofs. */
  nodes: Hex[]
  receipts: ClaimedReceipt[]
  part: number
  partCount: number
  observedAt: number
}

/** The JetStream message id of a bundle part: deduplicates republished parts. */
export function bundleMsgId(bundle: Pick<SourceBundle, 'origin' | 'blockHash' | 'part'>): string {
  return `${bundle.origin}:${bundle.blockHash}:${bundle.part}`
}
