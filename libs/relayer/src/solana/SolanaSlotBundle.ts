import type { CommitmentSignature, OutboxSlotTransaction, SlotCommitment } from '@relaymesh/solana'
import type { SolanaSlotWireClaim } from '../bundle/SolanaSlotWire.js'

/**
 * One finalized Solana slot's outbox transactions (raw wire bytes, re-extracted by the verifier) with the
 * committee's commitment and signatures for it, in the forms the Solana libraries take. On the bus it is a bundle
 * part like any other (`encodeSolanaSlotBundle`, `BundleWire.ts` source 1), published on
 * `catalogue.subjects.bundles(<solana domain>)`.
 */
export type SolanaSlotBundle = {
  origin: number
  slot: number
  blockhash: string
  observedAt: number
  /** The slot's block time in seconds, as the RPC answered it (tracing only: the time of the messages' trace roots). */
  blockTime?: number | undefined
  transactions: OutboxSlotTransaction[]
  commitment: SlotCommitment
  signatures: CommitmentSignature[]
  /** The ids the watcher extracted, each with the traceparent of its trace (the verifier re-derives the ids). */
  claims: SolanaSlotWireClaim[]
}
