import type { BundleWireHead } from './BundleWire.js'

/** A message id the watcher extracted from the slot, with its trace (tracing only: the verifier re-derives the ids). */
export type SolanaSlotWireClaim = { messageId: Uint8Array; traceparent: string | undefined }

/**
 * One outbox transaction of the slot, as the RPC served it: its 64-byte signature, its error (null: none), its wire
 * bytes.
 */
export type SolanaSlotWireTransaction = { signature: Uint8Array; err: unknown; wire: Uint8Array }

/** One committee member's ed25519 signature over the commitment: its 32-byte key and 64-byte signature. */
export type SolanaSlotWireSignature = { signer: Uint8Array; signature: Uint8Array }

/**
 * A Solana slot bundle on the wire (`BundleWire.ts`, source 1): the head's block number is the slot and its block
 * hash the blockhash; the body holds the slot's outbox transactions, the committee's commitment (its signed bytes,
 * `encodeSlotCommitment`) and signatures, and the claimed ids with their traces. Byte fields are views into the
 * decoded buffer.
 */
export type SolanaSlotWire = BundleWireHead & {
  source: 'solana'
  /** The slot's block time in seconds, when the RPC had one (tracing only: the time of the messages' trace roots). */
  blockTime: number | undefined
  commitment: Uint8Array
  signatures: SolanaSlotWireSignature[]
  transactions: SolanaSlotWireTransaction[]
  claims: SolanaSlotWireClaim[]
}
