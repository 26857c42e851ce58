// Worker-thread entry for the verifier pool (piscina): pure verification only.
import type { SourceBundle } from '../bundle/SourceBundle.js'
import { verifyBundle, type VerifyBundleReturnType } from './verifyBundle.js'

export type VerifyTask = { bundle: SourceBundle; outbox: `0x${string}`; destinations: number[]; maxPayloadBytes: number }

export type VerifyTaskResult = { ok: true; result: VerifyBundleReturnType } | { ok: false; code: string; message: string }

export default function verifyTask(task: VerifyTask): VerifyTaskResult {
  try {
    const result = verifyBundle(task.bundle, { outbox: task.outbox, destinations: new Set(task.destinations), maxPayloadBytes: task.maxPayloadBytes })
    return { ok: true, result }
  } catch (error) {
    const e = error as { code?: string; shortMessage?: string; message?: string } // reason: errors cross the thread as plain data
    return { ok: false, code: e.code ?? 'BUNDLE_MALFORMED', message: e.shortMessage ?? e.message ?? String(error) }
  }
}
