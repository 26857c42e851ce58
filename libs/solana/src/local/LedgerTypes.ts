import type { WireTransaction } from '../wire/decodeWireTransaction.js'

/** The three commitment levels of a Solana node. */
export type Commitment = 'processed' | 'confirmed' | 'finalized'

/** One executed transaction as the local chain keeps it. */
export type TransactionRecord = {
  signature: string
  slot: number
  /** Position in its block. */
  index: number
  wire: Uint8Array
  decoded: WireTransaction
  /** JSON-RPC form, `null` on success. */
  err: unknown
  logs: string[]
  fee: bigint
  preBalances: bigint[]
  postBalances: bigint[]
  computeUnitsConsumed: bigint
  innerInstructions: {
    index: number
    instructions: { programIdIndex: number; accounts: number[]; data: Uint8Array; stackHeight: number }[]
  }[]
  blockTime: number
  /** `getSignaturesForAddress`'s `memo` field, decoded once when the transaction lands. */
  memo: string | null
}

/** One slot's block (every slot has one: the local chain skips no slot). */
export type BlockRecord = {
  slot: number
  parentSlot: number
  blockHeight: number
  blockhash: string
  previousBlockhash: string
  blockTime: number
  transactions: TransactionRecord[]
}

/** What subscribers hear from the ledger. */
export type LedgerListener = {
  /** A transaction reached `commitment` (processed at once, the others as slots advance). */
  transaction?(record: TransactionRecord, commitment: Commitment): void
  /** A new slot opened. */
  slot?(slot: number, parent: number, root: number): void
}

/** Timing of the local chain. */
export type LedgerOptions = {
  /** Slots between `processed` and `confirmed`; default 1. */
  confirmedLag: number
  /** Slots between `processed` and `finalized` (the root); default 32. */
  finalizedLag: number
  /** Slots a blockhash stays valid for; default 150 (MAX_PROCESSING_AGE). */
  blockhashValidSlots: number
  slotsPerEpoch: number
  /** Wall clock in ms, for block times. */
  now: () => number
}
