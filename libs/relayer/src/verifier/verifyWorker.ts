import { toReasonCode, type ReasonCode } from '@relaymesh/errors'
// The EVM task of the verifier pool's workers (`verifierWorker`): pure verification only.
import { verifyBundle, type VerifyBundleReturnType } from './verifyBundle.js'

/**
 * One bundle part to verify: its binary payload (transferred to the worker, not cloned) and what this relayer trusts.
 */
export type VerifyTask = {
  wire: Uint8Array
  outbox: `0x${string}`
  destinations: number[]
  maxPayloadBytes: number
}

/** Verified messages come back as columns (typed arrays: flat copies, no object graph to clone). */
export type VerifyTaskResult =
  { ok: true; result: VerifyBundleReturnType } | { ok: false; code: ReasonCode; message: string }

export default function verifyTask(task: VerifyTask): VerifyTaskResult {
  try {
    const opts = {
      outbox: task.outbox,
      destinations: new Set(task.destinations),
      maxPayloadBytes: task.maxPayloadBytes,
    }
    return { ok: true, result: verifyBundle(task.wire, opts) }
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
