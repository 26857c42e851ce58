import { toReasonCode, type ReasonCode } from '@relaymesh/errors'
// The Solana task of the verifier pool's workers (`verifierWorker`): pure verification only.
import type { CommittedRange, PreparedCommittee } from '@relaymesh/solana'
import bs58 from 'bs58'
import type { VerifiedBundle } from '../verifier/SourceChain.js'
import { decodeSolanaSlotBundle } from './decodeSolanaSlotBundle.js'
import { toVerifiedSlot } from './toVerifiedSlot.js'
import { verifySolanaSlot, type VerifySolanaSlotOptions } from './verifySolanaSlot.js'

/**
 * One slot part to verify: its wire bytes (transferred, not cloned); options as plain data (destinations as an array).
 */
export type SolanaVerifyTask = {
  wire: Uint8Array
  options: Omit<VerifySolanaSlotOptions, 'destinations'> & { destinations: number[] }
}

/** The verified slot, and its signed message range for the caller's count chain (`assertCountsChain`). */
export type SolanaVerifyTaskResult =
  { ok: true; bundle: VerifiedBundle; range: CommittedRange } | { ok: false; code: ReasonCode; message: string }

// Committees decoded once per worker and epoch (keyed by domain:epoch); the schedule is fixed for a process's life.
const committees = new Map<number, Map<number, PreparedCommittee>>()

export default function verifySolanaTask(task: SolanaVerifyTask): SolanaVerifyTaskResult {
  try {
    let cache = committees.get(task.options.domain)
    if (!cache) committees.set(task.options.domain, (cache = new Map()))
    const bundle = decodeSolanaSlotBundle(task.wire)
    const options = { ...task.options, destinations: new Set(task.options.destinations) }
    const result = verifySolanaSlot(bundle, options, cache)
    const { slot, epoch, messagesBefore, messageCount } = bundle.commitment
    return {
      ok: true,
      bundle: toVerifiedSlot(bundle, bs58.decode(bundle.blockhash), result),
      range: { slot, epoch, messagesBefore, messageCount },
    }
  } catch (error) {
    // reason: errors cross the thread as plain data
    const e = error as { code?: string; shortMessage?: string; message?: string }
    return {
      ok: false,
      code: toReasonCode(e.code ?? 'BUNDLE_MALFORMED'),
      message: e.shortMessage ?? e.message ?? String(error),
    }
  }
}
