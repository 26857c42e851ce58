import { verify } from 'node:crypto'
import { encodeSlotCommitment, type CommitmentSignature, type PreparedCommittee, type SlotCommitment } from '@relaymesh/solana'
import { RelayerError } from '../RelayerError.js'

/** A signer's answer to `GET /v1/commitments/<slot>` (see README.md). */
export type SignedCommitmentResponse = { commitment: Omit<SlotCommitment, 'messagesRoot'> & { messagesRoot: `0x${string}` }; signer: string; signature: string }

/** Fetches one signer's commitment for a slot; `null` when it has not signed that slot (yet). */
export type FetchSignedCommitment = (signerUrl: string, slot: number) => Promise<SignedCommitmentResponse | null>

/** `fetch`-based signer client; `token` is the bearer token `relaymesh attester` asks of relayers. */
export const createHttpFetchSignedCommitment = (token?: string): FetchSignedCommitment => async (signerUrl, slot) => {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
  const response = await fetch(`${signerUrl.replace(/\/$/, '')}/v1/commitments/${slot}`, { headers, signal: AbortSignal.timeout(5000) })
  if (response.status === 404) return null
  if (!response.ok) throw new Error(`signer ${signerUrl}: HTTP ${response.status}`)
  return (await response.json()) as SignedCommitmentResponse // reason: checked field by field by the caller
}

/** The signer client without a token (the devnet's signers). */
export const httpFetchSignedCommitment: FetchSignedCommitment = createHttpFetchSignedCommitment()

/**
 * A committee member's valid signature over another commitment for the slot than the one this relayer computed:
 * the member signed a fork, read a different chain, or equivocates (a second commitment for a slot). Its
 * signature does not count; the relayer records it (`ATTESTER_COMMITMENT_CONFLICT`) with both commitments as
 * evidence against the signer.
 */
export type CommitmentConflict = { signer: string; slot: number; theirs: SignedCommitmentResponse['commitment']; signature: string; ours: SlotCommitment }

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0
}

/**
 * Gathers the committee's signatures over the commitment this watcher computed
 * itself: each signer is asked over HTTP; an answer counts only when it signs
 * exactly these bytes, comes from a member, and verifies (so one faulty signer
 * cannot spoil the set the verifier checks). Resolves once more than 2/3 of
 * the stake signed; otherwise throws a retryable `BLOCK_NOT_FINAL` (signers lag).
 */
export async function collectCommitmentSignatures(
  fetchSigned: FetchSignedCommitment,
  p: { signerUrls: readonly string[]; committee: PreparedCommittee; commitment: SlotCommitment; onConflict?: ((conflict: CommitmentConflict) => void) | undefined },
): Promise<CommitmentSignature[]> {
  const expected = encodeSlotCommitment(p.commitment)
  const answers = await Promise.all(p.signerUrls.map((url) => fetchSigned(url, p.commitment.slot).catch(() => null)))
  const out: CommitmentSignature[] = []
  let stake = 0n
  for (const a of answers) {
    if (!a || out.some((s) => s.signer === a.signer)) continue
    const member = p.committee.members.get(a.signer)
    if (!member) continue
    let theirs: Uint8Array
    try {
      theirs = encodeSlotCommitment({ ...a.commitment, messagesRoot: a.commitment.messagesRoot })
    } catch {
      continue
    }
    const signature = new Uint8Array(Buffer.from(a.signature, 'base64'))
    if (signature.length !== 64) continue
    if (!sameBytes(theirs, expected)) {
      // Evidence only when the member really signed those other bytes (anyone can send unsigned garbage).
      if (a.commitment.slot === p.commitment.slot && verify(null, theirs, member.key, signature)) {
        p.onConflict?.({ signer: a.signer, slot: p.commitment.slot, theirs: a.commitment, signature: a.signature, ours: p.commitment })
      }
      continue
    }
    if (!verify(null, expected, member.key, signature)) continue
    out.push({ signer: a.signer, signature })
    stake += member.stake
  }
  if (stake * 3n <= p.committee.totalStake * 2n) {
    throw new RelayerError(`slot ${p.commitment.slot}: committee signatures hold ${stake} of ${p.committee.totalStake} stake`, {
      code: 'BLOCK_NOT_FINAL', action: 'retry', meta: { slot: p.commitment.slot, signers: out.length },
    })
  }
  return out
}
