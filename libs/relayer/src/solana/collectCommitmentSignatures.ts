import { verify } from 'node:crypto'
import { request as httpsRequest } from 'node:https'
import { redactUrls } from '@relaymesh/errors'
import {
  encodeSlotCommitment,
  type CommitmentSignature,
  type PreparedCommittee,
  type SlotCommitment,
} from '@relaymesh/solana'
import { RelayerError } from '../RelayerError.js'

/** A signer's answer to `GET /v1/commitments/<slot>` (see README.md). */
export type SignedCommitmentResponse = {
  commitment: Omit<SlotCommitment, 'messagesRoot'> & { messagesRoot: `0x${string}` }
  signer: string
  signature: string
}

/** Fetches one signer's commitment for a slot; `null` when it has not signed that slot (yet). */
export type FetchSignedCommitment = (signerUrl: string, slot: number) => Promise<SignedCommitmentResponse | null>

/**
 * A relayer's TLS towards the attesters (PEM contents): the CA that signed their certificates, and its client
 * certificate for mTLS.
 */
export type SignerTls = { ca?: string | undefined; cert?: string | undefined; key?: string | undefined }

/** GET over HTTPS with the relayer's CA and client certificate (`fetch` cannot present one). */
function getWithTls(
  url: string,
  headers: Record<string, string>,
  tls: SignerTls,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { headers, ca: tls.ca, cert: tls.cert, key: tls.key, timeout: 5000 }, (res) => {
      let body = ''
      res
        .setEncoding('utf8')
        .on('data', (chunk: string) => (body += chunk))
        .on('end', () => resolve({ status: res.statusCode ?? 0, body }))
        .on('error', reject)
    })
    req
      .on('timeout', () => req.destroy(new Error('no answer in 5000 ms')))
      .on('error', reject)
      .end()
  })
}

/**
 * The signer client: `GET <signer>/v1/commitments/<slot>` with the bearer token `relaymesh attester` asks of
 * relayers, and with `tls` over HTTPS presenting the relayer's client certificate (mTLS).
 */
export const createHttpFetchSignedCommitment =
  (token?: string, tls?: SignerTls): FetchSignedCommitment =>
  async (signerUrl, slot) => {
    const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
    const url = `${signerUrl.replace(/\/$/, '')}/v1/commitments/${slot}`
    const response = tls
      ? await getWithTls(url, headers, tls)
      : await fetch(url, { headers, signal: AbortSignal.timeout(5000) }).then(async (r) => ({
          status: r.status,
          body: await r.text(),
        }))
    if (response.status === 404) return null
    if (response.status < 200 || response.status >= 300) {
      throw new RelayerError(`signer answered HTTP ${response.status}`, {
        code: 'SIGNER_UNREACHABLE',
        action: 'retry',
        meta: { signer: redactUrls(signerUrl), slot, status: response.status },
      })
    }
    return JSON.parse(response.body) as SignedCommitmentResponse // reason: checked field by field by the caller
  }

/** The signer client without a token (the devnet's signers). */
export const httpFetchSignedCommitment: FetchSignedCommitment = createHttpFetchSignedCommitment()

/**
 * A committee member's valid signature over another commitment for the slot than the one this relayer computed:
 * the member signed a fork, read a different chain, or equivocates (a second commitment for a slot). Its
 * signature does not count; the relayer records it (`ATTESTER_COMMITMENT_CONFLICT`) with both commitments as
 * evidence against the signer.
 */
export type CommitmentConflict = {
  signer: string
  slot: number
  theirs: SignedCommitmentResponse['commitment']
  signature: string
  ours: SlotCommitment
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0
}

/**
 * One signer whose answer did not count: unreachable (`SIGNER_UNREACHABLE`) or not a valid member signature
 * (`SIGNER_ANSWER_INVALID`).
 */
export type SignerFailure = { signerUrl: string; error: RelayerError }

export type CollectCommitmentSignaturesParameters = {
  signerUrls: readonly string[]
  committee: PreparedCommittee
  commitment: SlotCommitment
  onConflict?: ((conflict: CommitmentConflict) => void) | undefined
  /** Each signer that did not give a counted signature, with why; the others are still asked. */
  onSignerFailure?: ((failure: SignerFailure) => void) | undefined
}

/** Why a signer gave no answer for `slot`: its own `SIGNER_UNREACHABLE` (an HTTP error), or `cause` wrapped in one. */
export function signerUnreachable(url: string, slot: number, cause: unknown): RelayerError {
  if (cause instanceof RelayerError) return cause
  return new RelayerError('signer did not answer', {
    code: 'SIGNER_UNREACHABLE',
    action: 'retry',
    meta: { signer: redactUrls(url), slot },
    cause,
  })
}

function invalidAnswer(url: string, slot: number, why: string): RelayerError {
  return new RelayerError(`signer answer refused: ${why}`, {
    code: 'SIGNER_ANSWER_INVALID',
    action: 'retry',
    meta: { signer: redactUrls(url), slot },
  })
}

/**
 * Why one signer's answer does not count, or `null` when it does; reports a conflict (a member's valid signature
 * over other bytes) on the way.
 */
function checkAnswer(
  a: SignedCommitmentResponse,
  p: CollectCommitmentSignaturesParameters,
  expected: Uint8Array,
): { why: string } | { signature: Uint8Array; stake: bigint } {
  const member = p.committee.members.get(a.signer)
  if (!member) return { why: `${a.signer} is not a committee member` }
  let theirs: Uint8Array
  try {
    theirs = encodeSlotCommitment({ ...a.commitment, messagesRoot: a.commitment.messagesRoot })
  } catch {
    return { why: 'malformed commitment' }
  }
  const signature = new Uint8Array(Buffer.from(a.signature, 'base64'))
  if (signature.length !== 64) return { why: 'signature is not 64 bytes' }
  if (!sameBytes(theirs, expected)) {
    // Evidence only when the member really signed those other bytes (anyone can send unsigned garbage).
    if (a.commitment.slot === p.commitment.slot && verify(null, theirs, member.key, signature)) {
      p.onConflict?.({
        signer: a.signer,
        slot: p.commitment.slot,
        theirs: a.commitment,
        signature: a.signature,
        ours: p.commitment,
      })
    }
    return { why: 'signed another commitment' }
  }
  if (!verify(null, expected, member.key, signature)) return { why: 'signature does not verify' }
  return { signature, stake: member.stake }
}

/**
 * Gathers the committee's signatures over the commitment this watcher computed
 * itself: each signer is asked over HTTP; an answer counts only when it signs
 * exactly these bytes, comes from a member, and verifies (so one faulty signer
 * cannot spoil the set the verifier checks). A signer that fails or answers
 * badly is reported to `onSignerFailure` with its code, and counted in the
 * error, while the others are still collected. Resolves once more than 2/3 of
 * the stake signed; otherwise throws a retryable `BLOCK_NOT_FINAL` (signers lag).
 */
export async function collectCommitmentSignatures(
  fetchSigned: FetchSignedCommitment,
  p: CollectCommitmentSignaturesParameters,
): Promise<CommitmentSignature[]> {
  const expected = encodeSlotCommitment(p.commitment)
  const { slot } = p.commitment
  const failures: SignerFailure[] = []
  const fail = (signerUrl: string, error: RelayerError) => {
    failures.push({ signerUrl, error })
    p.onSignerFailure?.({ signerUrl, error })
  }
  const answers = await Promise.all(
    p.signerUrls.map((url) =>
      fetchSigned(url, slot).catch((cause: unknown) => {
        fail(url, signerUnreachable(url, slot, cause))
        return null
      }),
    ),
  )
  const out: CommitmentSignature[] = []
  let stake = 0n
  answers.forEach((a, i) => {
    const url = p.signerUrls[i] ?? ''
    if (!a || out.some((s) => s.signer === a.signer)) return
    const checked = checkAnswer(a, p, expected)
    if ('why' in checked) return fail(url, invalidAnswer(url, slot, checked.why))
    out.push({ signer: a.signer, signature: checked.signature })
    stake += checked.stake
  })
  if (stake * 3n <= p.committee.totalStake * 2n) {
    throw new RelayerError(`slot ${slot}: committee signatures hold ${stake} of ${p.committee.totalStake} stake`, {
      code: 'BLOCK_NOT_FINAL',
      action: 'retry',
      meta: {
        slot,
        signers: out.length,
        failedSigners: failures.map((f) => ({
          signer: f.error.meta['signer'],
          code: f.error.code,
          reason: f.error.shortMessage,
        })),
      },
    })
  }
  return out
}
