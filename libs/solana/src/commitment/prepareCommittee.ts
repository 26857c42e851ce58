import { createPublicKey, type KeyObject } from 'node:crypto'
import bs58 from 'bs58'
import { SolanaSourceError } from '../SolanaSourceError.js'
import type { Committee } from './SlotCommitment.js'

/**
 * A committee with its keys decoded once into `node:crypto` KeyObjects, ready
 * for many `verifySlotCommitment` calls. Build it once per epoch (it is
 * immutable) and keep it; rebuilding per commitment wastes most of the time.
 *
 * @example
 * const prepared: PreparedCommittee = prepareCommittee(committee)
 */
export type PreparedCommittee = {
  readonly epoch: number
  readonly totalStake: bigint
  readonly members: ReadonlyMap<string, { readonly stake: bigint; readonly key: KeyObject }>
}

// DER SubjectPublicKeyInfo header for an Ed25519 key (RFC 8410): the raw 32 bytes follow.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex')

/**
 * Wraps a raw 32-byte ed25519 public key as a `node:crypto` KeyObject.
 *
 * @example
 * verify(null, data, ed25519PublicKey(raw), signature)
 */
export function ed25519PublicKey(raw: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, raw]), format: 'der', type: 'spki' })
}

function invalid(reason: string, meta: Record<string, unknown>, cause?: unknown): SolanaSourceError {
  return new SolanaSourceError('COMMITTEE_INVALID', `committee is invalid: ${reason}`, { meta, cause, action: 'fatal' })
}

function memberKey(pubkey: string): KeyObject {
  let raw: Uint8Array
  try {
    raw = bs58.decode(pubkey)
  } catch (error) {
    throw invalid('member key is not base58', { pubkey }, error)
  }
  if (raw.length !== 32) throw invalid('member key is not 32 bytes', { pubkey })
  try {
    return ed25519PublicKey(raw)
  } catch (error) {
    throw invalid('member key is not an ed25519 point', { pubkey }, error)
  }
}

/**
 * Decodes a committee's keys (cached KeyObjects) and sums its stake. A
 * committee is configuration, so a bad one is `action: 'fatal'`.
 *
 * @throws {SolanaSourceError} `COMMITTEE_INVALID` (duplicate member, bad key, stake <= 0, empty).
 * @example
 * const prepared = prepareCommittee(committeeForEpoch(schedule, commitment.epoch))
 * verifySlotCommitment(prepared, commitment, signatures)
 */
export function prepareCommittee(committee: Committee): PreparedCommittee {
  const members = new Map<string, { stake: bigint; key: KeyObject }>()
  let totalStake = 0n
  for (const { pubkey, stake } of committee.members) {
    if (members.has(pubkey)) throw invalid('member listed twice', { pubkey })
    if (stake <= 0n) throw invalid('member stake is not positive', { pubkey, stake })
    members.set(pubkey, { stake, key: memberKey(pubkey) })
    totalStake += stake
  }
  if (members.size === 0) throw invalid('no members', { epoch: committee.epoch })
  return { epoch: committee.epoch, totalStake, members }
}
