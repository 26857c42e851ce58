import { Piscina } from 'piscina'
import { VERIFIER_THREAD_LIMITS } from '../verifier/verifierThreadLimits.js'
import { workerEntry } from '../verifier/workerEntry.js'
import verifySolanaTask, { type SolanaVerifyTask, type SolanaVerifyTaskResult } from './solanaVerifyWorker.js'

export type SolanaVerifierPool = {
  run(task: SolanaVerifyTask): Promise<SolanaVerifyTaskResult>
  close(): Promise<void>
}

/**
 * Attested verification in worker threads (ed25519 with `node:crypto`), the
 * same thread count as the EVM pool; 0 threads verifies inline (tests).
 */
export function createSolanaVerifierPool({ threads }: { threads: number }): SolanaVerifierPool {
  if (threads === 0) return { run: async (task) => verifySolanaTask(task), close: async () => {} }
  const pool = new Piscina({
    ...workerEntry('solanaVerifyWorker', import.meta.url),
    ...VERIFIER_THREAD_LIMITS,
    maxThreads: threads,
  })
  return {
    run: (task) => {
      // The bus still reads the payload's buffer: the worker gets its own copy, moved rather than cloned.
      const wire = new Uint8Array(task.wire)
      return pool.run({ ...task, wire }, { transferList: [wire.buffer] }) as Promise<SolanaVerifyTaskResult>
    },
    close: () => pool.destroy(),
  }
}
