import { toReasonCode, type ReasonCode } from '@relaymesh/errors'
// Worker-thread entry for the verifier pool (piscina): pure verification only.
import type { SourceBundle } from '../bundle/SourceBundle.js'
import { verifyBundlePacked, type VerifyBundlePackedReturnType } from './verifyBundle.js'
import { verifyBundleWire } from './verifyBundleWire.js'

/**
 * One bundle to verify: the raw binary payload (transferred to the worker,
 * not cloned) or a JSON-era bundle object.
 */
export type VerifyTask = ({ wire: Uint8Array; bundle?: undefined } | { bundle: SourceBundle; wire?: undefined }) & {
  outbox: `0x${string}`
  destinations: number[]
  maxPayloadBytes: number
}

/** Verified messages come back as columns (typed arrays: flat copies, no object graph to clone). */
export type VerifyTaskResult = { ok: true; result: VerifyBundlePackedReturnType } | { ok: false; code: ReasonCode; message: string }

export default function verifyTask(task: VerifyTask): VerifyTaskResult {
  try {
    const opts = { outbox: task.outbox, destinations: new Set(task.destinations), maxPayloadBytes: task.maxPayloadBytes }
    const result = task.wire ? verifyBundleWire(task.wire, opts) : verifyBundlePacked(task.bundle, opts)
    return { ok: true, result }
  } catch (error) {
    const e = error as { code?: string; shortMessage?: string; message?: string } // reason: errors cross the thread as plain data
    return { ok: false, code: toReasonCode(e.code ?? 'BUNDLE_MALFORMED'), message: e.shortMessage ?? e.message ?? String(error) }
  }
}
