import { toReasonCode, type ReasonCode } from '@relaymesh/errors'
// Worker-thread entry of the Solana verifier pool (piscina): pure verification only.
import type { PreparedCommittee } from '@relaymesh/solana'
import type { SolanaSlotBundle } from './SolanaSlotBundle.js'
import { verifySolanaSlot, type VerifySolanaSlotOptions, type VerifySolanaSlotReturnType } from './verifySolanaSlot.js'

/** One slot bundle to verify; options cross the thread as plain data (destinations as an array). */
export type SolanaVerifyTask = {
  bundle: SolanaSlotBundle
  options: Omit<VerifySolanaSlotOptions, 'destinations'> & { destinations: number[] }
}

export type SolanaVerifyTaskResult =
  { ok: true; result: VerifySolanaSlotReturnType } | { ok: false; code: ReasonCode; message: string }

// Committees decoded once per worker and epoch (keyed by domain:epoch); the schedule is fixed for a process's life.
const committees = new Map<number, Map<number, PreparedCommittee>>()

export default function verifySolanaTask(task: SolanaVerifyTask): SolanaVerifyTaskResult {
  try {
    let cache = committees.get(task.options.domain)
    if (!cache) committees.set(task.options.domain, (cache = new Map()))
    const result = verifySolanaSlot(
      task.bundle,
      { ...task.options, destinations: new Set(task.options.destinations) },
      cache,
    )
    return { ok: true, result }
  } catch (error) {
    const e = error as { code?: string; shortMessage?: string; message?: string } // reason: errors cross the thread as plain data
    return {
      ok: false,
      code: toReasonCode(e.code ?? 'BUNDLE_MALFORMED'),
      message: e.shortMessage ?? e.message ?? String(error),
    }
  }
}
