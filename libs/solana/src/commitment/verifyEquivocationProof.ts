import { verify } from 'node:crypto'
import bs58 from 'bs58'
import { SolanaSourceError } from '../SolanaSourceError.js'
import { committeeForEpoch } from './committeeForEpoch.js'
import { decodeSlotCommitment } from './decodeSlotCommitment.js'
import { ed25519PublicKey } from './prepareCommittee.js'
import type { CommitteeSchedule, SlotCommitment } from './SlotCommitment.js'

/**
 * One commitment as a member signed it: the `encodeSlotCommitment` bytes (0x hex) and the ed25519 signature (base64).
 */
export type SignedSlotCommitment = { commitment: `0x${string}`; signature: string }

/**
 * Two slot commitments for the same domain and slot, both signed by one committee key: proof that the key's
 * holder equivocated (signed two different views of one slot). Plain JSON, verifiable by anyone offline with
 * `verifyEquivocationProof`.
 */
export type EquivocationProof = { signer: string; first: SignedSlotCommitment; second: SignedSlotCommitment }

export type VerifyEquivocationProofReturnType = {
  signer: string
  domain: number
  slot: number
  epoch: number
  first: SlotCommitment
  second: SlotCommitment
}

function invalid(reason: string, meta: Record<string, unknown>, cause?: unknown): SolanaSourceError {
  return new SolanaSourceError('EQUIVOCATION_PROOF_INVALID', `equivocation proof refused: ${reason}`, { meta, cause })
}

function bytesOf(hex: string, what: string): Uint8Array {
  if (!/^0x(?:[0-9a-fA-F]{2})+$/.test(hex)) throw invalid(`${what} is not 0x hex bytes`, {})
  return new Uint8Array(Buffer.from(hex.slice(2), 'hex'))
}

function signatureOf(base64: string, what: string): Uint8Array {
  const bytes = /^[A-Za-z0-9+/]+={0,2}$/.test(base64) ? new Uint8Array(Buffer.from(base64, 'base64')) : new Uint8Array()
  if (bytes.length !== 64) throw invalid(`${what} signature is not 64 bytes of base64`, {})
  return bytes
}

/**
 * Checks an equivocation proof strictly (MEMO_FORMAT.md "Slot commitments"): both byte strings are canonical v2
 * slot commitments, for the same domain and slot, different, and each carries a valid ed25519 signature by
 * `signer`. With `schedule`, the signer must also sit on the committee of that epoch (a key outside it proves
 * nothing against the committee). Pure and synchronous: anyone can run it on a proof read from any relayer.
 *
 * @throws {SolanaSourceError} `EQUIVOCATION_PROOF_INVALID` (reject), naming what does not hold.
 * @example
 * const { signer, slot } = verifyEquivocationProof(await (await fetch(`${api}/v1/equivocations`)).json().proofs[0], {
 *   schedule,
 * })
 */
export function verifyEquivocationProof(
  proof: EquivocationProof,
  options: { schedule?: CommitteeSchedule } = {},
): VerifyEquivocationProofReturnType {
  let key
  try {
    const raw = bs58.decode(proof.signer)
    if (raw.length !== 32) throw new Error(`${raw.length} bytes`)
    key = ed25519PublicKey(raw)
  } catch (cause) {
    throw invalid('the signer is not a base58 ed25519 public key', { signer: proof.signer }, cause)
  }
  const [a, b] = [proof.first, proof.second].map((s, i) => {
    const what = i === 0 ? 'first' : 'second'
    const bytes = bytesOf(s.commitment, `the ${what} commitment`)
    let commitment: SlotCommitment
    try {
      commitment = decodeSlotCommitment(bytes)
    } catch (cause) {
      throw invalid(`the ${what} commitment is not a slot commitment`, { signer: proof.signer }, cause)
    }
    if (!verify(null, bytes, key, signatureOf(s.signature, `the ${what}`)))
      throw invalid(`the ${what} signature is not the signer's over its commitment`, {
        signer: proof.signer,
        slot: commitment.slot,
      })
    return { bytes, commitment }
    // reason: mapped from a pair
  }) as [{ bytes: Uint8Array; commitment: SlotCommitment }, { bytes: Uint8Array; commitment: SlotCommitment }]
  const meta = { signer: proof.signer, slot: a.commitment.slot, domain: a.commitment.domain }
  if (a.commitment.domain !== b.commitment.domain || a.commitment.slot !== b.commitment.slot)
    throw invalid('the commitments are for different slots', { ...meta, otherSlot: b.commitment.slot })
  if (Buffer.compare(a.bytes, b.bytes) === 0) throw invalid('the two commitments are the same', meta)
  if (
    options.schedule &&
    !committeeForEpoch(options.schedule, a.commitment.epoch).members.some((m) => m.pubkey === proof.signer)
  ) {
    throw invalid(`the signer is not on epoch ${a.commitment.epoch}'s committee`, meta)
  }
  return {
    signer: proof.signer,
    domain: a.commitment.domain,
    slot: a.commitment.slot,
    epoch: a.commitment.epoch,
    first: a.commitment,
    second: b.commitment,
  }
}
