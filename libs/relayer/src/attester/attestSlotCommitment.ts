import { sign, type KeyObject } from 'node:crypto'
import { encodeSlotCommitment, type SlotCommitment } from '@relaymesh/solana'
import { recordAttestation, type StoreDb } from '@relaymesh/store'
import { RelayerError } from '../RelayerError.js'
import type { SignedCommitmentResponse } from '../solana/collectCommitmentSignatures.js'

/** An attester's ed25519 key: the public key in base58 (its committee identity) and the private key. */
export type AttesterKey = { publicKey: string; privateKey: KeyObject }

/**
 * Signs a slot commitment at most once per slot, whatever happens to the process: the signature and the
 * exact bytes signed are recorded in Postgres before anything is served, and the first record stands. Asked
 * again for the same commitment it answers the recorded signature; asked for a different commitment of a slot
 * it signed (a restart that reads a forked slot, a second replica, a bug), it refuses and serves nothing new.
 *
 * @throws RelayerError `ATTESTER_EQUIVOCATION_REFUSED` (reject) with the slot and both messages roots.
 * @example
 * const signed = await attestSlotCommitment(db, key, commitment) // served at GET /v1/commitments/<slot>
 */
export async function attestSlotCommitment(
  db: StoreDb,
  key: AttesterKey,
  commitment: SlotCommitment,
): Promise<SignedCommitmentResponse> {
  const bytes = encodeSlotCommitment(commitment)
  const signature = sign(null, bytes, key.privateKey)
  const stored = await recordAttestation(db, {
    domain: commitment.domain,
    slot: commitment.slot,
    signer: key.publicKey,
    commitment: bytes,
    signature,
  })
  if (Buffer.compare(Buffer.from(stored.commitment), Buffer.from(bytes)) !== 0) {
    throw new RelayerError(
      `slot ${commitment.slot} was signed with another commitment: refusing to sign a second one`,
      {
        code: 'ATTESTER_EQUIVOCATION_REFUSED',
        action: 'reject',
        meta: {
          domain: commitment.domain,
          slot: commitment.slot,
          signer: key.publicKey,
          blockhash: commitment.blockhash,
          messagesRoot: commitment.messagesRoot,
        },
      },
    )
  }
  return { commitment, signer: key.publicKey, signature: Buffer.from(stored.signature).toString('base64') }
}
