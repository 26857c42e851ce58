import { verify } from 'node:crypto'
import bs58 from 'bs58'
import { bytesToHex } from '@relaymesh/protocol'
import {
  committeeForEpoch,
  decodeSlotCommitment,
  ed25519PublicKey,
  encodeSlotCommitment,
  type CommitteeSchedule,
  type EquivocationProof,
} from '@relaymesh/solana'
import { recordObservedCommitment, recordRejections, type StoreDb, type StoredEquivocation } from '@relaymesh/store'
import type { Logger } from '@relaymesh/telemetry'
import type { CommitmentConflict, SignedCommitmentResponse } from './collectCommitmentSignatures.js'

/**
 * A committee member's signed slot commitment as relayers share it on the mesh (`catalogue.subjects.evidence`):
 * the exact signed bytes (0x hex) and the signature (base64), and the relayer that saw it.
 */
export type CommitmentObservation = {
  domain: number
  slot: number
  signer: string
  commitment: `0x${string}`
  signature: string
  observedBy: string
}

export type CommitmentEvidenceDeps = {
  db: StoreDb
  relayerId: string
  domain: number
  schedule: CommitteeSchedule
  logger: Logger
  /** Sends one observation to the other relayers. */
  share: (observation: CommitmentObservation) => Promise<void>
  /** Every signer's current answer for a slot (errors and absent answers left out). */
  askSigners: (slot: number) => Promise<SignedCommitmentResponse[]>
  /** Called once per equivocation this relayer can newly prove. */
  onProof?: ((proof: EquivocationProof) => void) | undefined
}

/** The stored pair as the proof anyone can check offline with `verifyEquivocationProof`. */
export function toEquivocationProof(e: StoredEquivocation): EquivocationProof {
  const signed = (r: StoredEquivocation['first']) => ({
    commitment: bytesToHex(r.commitment),
    signature: Buffer.from(r.signature).toString('base64'),
  })
  return { signer: e.signer, first: signed(e.first), second: signed(e.second) }
}

/**
 * The observation's bytes when they are a commitment of this domain and slot validly signed by a member of that epoch's
 * committee.
 */
function checkedBytes(
  deps: CommitmentEvidenceDeps,
  o: CommitmentObservation,
): { commitment: Uint8Array; signature: Uint8Array } | null {
  try {
    const commitment = new Uint8Array(Buffer.from(o.commitment.replace(/^0x/, ''), 'hex'))
    const signature = new Uint8Array(Buffer.from(o.signature, 'base64'))
    const decoded = decodeSlotCommitment(commitment)
    if (
      decoded.domain !== deps.domain ||
      decoded.slot !== o.slot ||
      o.domain !== deps.domain ||
      signature.length !== 64
    )
      return null
    if (!committeeForEpoch(deps.schedule, decoded.epoch).members.some((m) => m.pubkey === o.signer)) return null
    return verify(null, commitment, ed25519PublicKey(bs58.decode(o.signer)), signature)
      ? { commitment, signature }
      : null
  } catch {
    return null
  }
}

/**
 * Keeps an observation when it is a member's valid signature (`checkedBytes`), shares it when new and asked to, and
 * reports an equivocation it completes. Returns whether it was new.
 */
async function keepObservation(
  deps: CommitmentEvidenceDeps,
  o: CommitmentObservation,
  shareIfNew: boolean,
): Promise<boolean> {
  const bytes = checkedBytes(deps, o)
  if (!bytes) {
    deps.logger.warn(
      { signer: o.signer, slot: o.slot, observedBy: o.observedBy },
      "ignored a commitment observation that is not a member's valid signature",
    )
    return false
  }
  const { inserted, equivocation } = await recordObservedCommitment(deps.db, {
    domain: o.domain,
    slot: o.slot,
    signer: o.signer,
    ...bytes,
    observedBy: o.observedBy,
  })
  if (inserted && shareIfNew) await deps.share(o)
  if (inserted && equivocation) {
    const proof = toEquivocationProof(equivocation)
    deps.logger.error(
      { signer: o.signer, slot: o.slot, domain: o.domain },
      'a committee member signed two different commitments for one slot: equivocation proven',
    )
    deps.onProof?.(proof)
  }
  return inserted
}

/**
 * A relayer's record of committee members' signed slot commitments that disagree: a conflict its own
 * collector saw (`ATTESTER_COMMITMENT_CONFLICT`, the member's signature over another commitment than this relayer
 * computed) is kept in Postgres and shared with the other relayers; one a peer shares is checked (a member's valid
 * signature of that epoch) and kept, and the signers are asked for that slot again, so a member that served two
 * relayers two commitments is caught with both. Two kept commitments of one slot by one key are an equivocation
 * proof, verifiable offline; a proof this relayer completes is shared back so the peer holds it too.
 *
 * @example
 * const evidence = createCommitmentEvidence({ db, relayerId, domain, schedule, logger, share, askSigners })
 * collectCommitmentSignatures(fetchSigned, { ..., onConflict: (c) => void evidence.onConflict(c) })
 */
export function createCommitmentEvidence(deps: CommitmentEvidenceDeps) {
  const keep = (o: CommitmentObservation, shareIfNew: boolean) => keepObservation(deps, o, shareIfNew)
  const mine = (a: SignedCommitmentResponse): CommitmentObservation => ({
    domain: a.commitment.domain,
    slot: a.commitment.slot,
    signer: a.signer,
    commitment: bytesToHex(encodeSlotCommitment(a.commitment)),
    signature: a.signature,
    observedBy: deps.relayerId,
  })
  // A member's conflict is seen again on each retry of the slot: recorded once per signer and slot.
  const seen = new Set<string>()
  return {
    /** This relayer's collector saw a member sign another commitment than ours: recorded, kept, shared. */
    async onConflict(conflict: CommitmentConflict): Promise<void> {
      const key = `${conflict.signer}:${conflict.slot}:${conflict.theirs.blockhash}:${conflict.theirs.messagesRoot}`
      if (seen.has(key)) return
      seen.add(key)
      // reason: a non-empty set has a first value
      if (seen.size > 10_000) seen.delete(seen.values().next().value as string)
      const details = {
        signer: conflict.signer,
        slot: conflict.slot,
        theirs: conflict.theirs,
        signature: conflict.signature,
        ours: conflict.ours,
      }
      deps.logger.error(
        details,
        'a committee member signed another commitment for this slot (ATTESTER_COMMITMENT_CONFLICT)',
      )
      await recordRejections(deps.db, [
        { stage: 'watch', reasonCode: 'ATTESTER_COMMITMENT_CONFLICT', origin: conflict.ours.domain, details },
      ])
      await keep(mine({ commitment: conflict.theirs, signer: conflict.signer, signature: conflict.signature }), true)
    },
    /** A peer shared what a member signed: kept when valid; the signers are asked for that slot again. */
    async onShared(o: CommitmentObservation): Promise<void> {
      if (o.observedBy === deps.relayerId || !(await keep(o, false))) return
      for (const answer of await deps.askSigners(o.slot)) {
        if (answer.signer !== o.signer || answer.commitment.slot !== o.slot) continue
        await keep(mine(answer), true)
      }
    },
  }
}

export type CommitmentEvidence = ReturnType<typeof createCommitmentEvidence>
