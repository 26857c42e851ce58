import type { ReasonCode } from '@relaymesh/errors'
import type { BundleMessageColumns, Verification } from '@relaymesh/store'
import type { IncomingBundle } from '../bundle/bundleCodec.js'

/** The verified messages of a bundle as columns (what the store inserts as it is), with their traces. */
export type VerifiedColumns = BundleMessageColumns & { traceparents: ReadonlyArray<string | undefined> }

/**
 * A message or claim a verifier refused one by one; `details` say where it was (tx hash and log, or signature and
 * instruction).
 */
export type RefusedMessage = {
  code: ReasonCode
  reason: string
  /** The claimed id when it is 32 bytes, else null. */
  messageId: Uint8Array | null
  details: Record<string, unknown>
}

/** One verified bundle part of any source, in the shape the one persist path (`persistVerification`) stores. */
export type VerifiedBundle = {
  origin: number
  /** The source block (an EVM block; a Solana slot and its blockhash, parent hash zero). */
  block: { number: bigint; hash: Uint8Array; parentHash: Uint8Array }
  verification: Verification
  messages: VerifiedColumns
  refused: RefusedMessage[]
  observedAt: number
  /** Where the bundle came from, in every rejection row it leads to (`{ blockNumber }`, `{ slot }`). */
  where: Record<string, unknown>
  /** When the messages were sent (ms since the epoch): the block's time, the same on every relayer and re-sync. */
  sentAt: number
}

/** A part refused whole (header, finality, commitment or decoding failure). */
export type RefusedBundle = { code: ReasonCode; reason: string }

export type SourceVerdict = { ok: true; bundle: VerifiedBundle } | { ok: false; refused: RefusedBundle }

/** A claim of a part, for the rows of its rejection when the part is refused whole. */
export type BundleClaim = { messageId: Uint8Array; details: Record<string, unknown> }

/**
 * A kind of source chain as the verifier sees it (EVM: light client or confirmations over receipt proofs;
 * Solana: a committee's attestation): it verifies a bundle part (the IO its trust needs, then the pure
 * verification in worker threads), and names a part's claims. Storing is the same for every source
 * (`persistVerification`, `rejectBundle`).
 */
export type SourceChain = {
  /**
   * Verifies one part. A refusal is a verdict; an error thrown is retried (`BLOCK_NOT_FINAL`) or dead-lettered by
   * the bus like any handler error.
   */
  verify(incoming: IncomingBundle): Promise<SourceVerdict>
  /** The claims of a part refused whole, and where it came from (as `VerifiedBundle.where`). */
  claimsOf(bytes: Uint8Array): { claims: BundleClaim[]; where: Record<string, unknown> }
}
