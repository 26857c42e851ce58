import { Piscina } from 'piscina'
import { VERIFIER_THREAD_LIMITS } from './verifierThreadLimits.js'
import { workerEntry } from './workerEntry.js'
import verifyTask, { type VerifyTask, type VerifyTaskResult } from './verifyWorker.js'

export type VerifierPool = { run(task: VerifyTask): Promise<VerifyTaskResult>; threads: number; close(): Promise<void> }

/**
 * Verification in worker threads (one per core by default). A bundle part
 * is copied once into its own buffer and transferred, so the worker reads
 * the NATS payload without a structured clone. With 0 threads it verifies
 * inline, which tests and tiny deployments use.
 */
export function createVerifierPool({ threads }: { threads: number }): VerifierPool {
  if (threads === 0) return { run: async (task) => verifyTask(task), threads: 0, close: async () => {} }
  const pool = new Piscina({
    ...workerEntry('verifyWorker', import.meta.url),
    ...VERIFIER_THREAD_LIMITS,
    maxThreads: threads,
  })
  return {
    threads,
    run: (task) => {
      // The payload is a view into a buffer the bus still reads (a Buffer's `slice` is a view too): give the worker
      // its own copy, moved rather than cloned, so the message's bytes stay readable here (its head, dead-lettering).
      const wire = new Uint8Array(task.wire)
      return pool.run({ ...task, wire }, { transferList: [wire.buffer] }) as Promise<VerifyTaskResult>
    },
    close: () => pool.destroy(),
  }
}
