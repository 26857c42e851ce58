import { isRelaymeshError } from '@relaymesh/errors'
import type { Hex } from 'viem'

/**
 * Light-client refusals that name a header an RPC endpoint may have made up: a seal by a key outside the validator set
 * (a liar re-sealing its own fork passes the feeder's seal-recovers-to-miner check, `checkParliaRun`).
 */
export const FORGED_HEADER_CODES = ['PARLIA_UNKNOWN_SIGNER'] as const

/**
 * The header a refused Parlia run was refused at (its number and hash, from the light client error's `meta`) when
 * the refusal may be an endpoint's forgery; undefined otherwise. Recorded with the run's rejection so the watcher can
 * read that height again from its other endpoints (`startRefusedBlockRereads`).
 *
 * @example
 * refusedParliaHeader(parliaError('PARLIA_UNKNOWN_SIGNER', '...', { number: 40n, hash })) // { number: 40n, hash }
 */
export function refusedParliaHeader(error: unknown): { number: bigint; hash: Hex } | undefined {
  if (!FORGED_HEADER_CODES.some((code) => isRelaymeshError(error, code))) return undefined
  const meta = (error as { meta?: Record<string, unknown> }).meta // reason: a relaymesh error carries its meta
  const { number, hash } = meta ?? {}
  if (typeof number !== 'bigint' || typeof hash !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(hash)) return undefined
  return { number, hash: hash as Hex } // reason: checked a 32-byte hex above
}
