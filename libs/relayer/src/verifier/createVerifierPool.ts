import { Piscina } from 'piscina'
import verifySolanaTask, { type SolanaVerifyTask, type SolanaVerifyTaskResult } from '../solana/solanaVerifyWorker.js'
import { VERIFIER_THREAD_LIMITS } from './verifierThreadLimits.js'
import { workerEntry } from './workerEntry.js'
import verifyTask, { type VerifyTask, type VerifyTaskResult } from './verifyWorker.js'

/** The verifier's worker threads, shared by every source: EVM receipt proofs and Solana committee attestations. */
export type VerifierPool = {
  /** An EVM bundle part: receipts proven under the block's receipts root (`verifyBundle`). */
  verifyEvm(task: VerifyTask): Promise<VerifyTaskResult>
  /** A Solana slot part: the committee's signatures and the messages under the committed root (`verifySolanaSlot`). */
  verifySolana(task: SolanaVerifyTask): Promise<SolanaVerifyTaskResult>
  threads: number
  close(): Promise<void>
}

/**
 * Verification in worker threads (one per core by default), one pool for every source chain: a worker holds both
 * verifiers and runs whichever task comes (`verifierWorker`'s named exports). Two pools, one per source, held twice
 * the isolates (each ~25 MiB idle, more under load) and ran twice the threads the cores have. A part is copied once
 * into its own buffer and transferred, so the worker reads the NATS payload without a structured clone. With 0
 * threads it verifies inline, which tests and tiny deployments use.
 *
 * @example
 * const pool = createVerifierPool({ threads: 2 })
 * const outcome = await pool.verifyEvm({ wire, outbox, destinations: [56], maxPayloadBytes: 65_536 })
 */
export function createVerifierPool({ threads }: { threads: number }): VerifierPool {
  if (threads === 0)
    return {
      verifyEvm: async (task) => verifyTask(task),
      verifySolana: async (task) => verifySolanaTask(task),
      threads: 0,
      close: async () => {},
    }
  const pool = new Piscina({
    ...workerEntry('verifierWorker', import.meta.url),
    ...VERIFIER_THREAD_LIMITS,
    maxThreads: threads,
  })
  // The payload is a view into a buffer the bus still reads (a Buffer's `slice` is a view too): give the worker its
  // own copy, moved rather than cloned, so the message's bytes stay readable here (its head, dead-lettering).
  const run = <T extends { wire: Uint8Array }>(name: 'evm' | 'solana', task: T) => {
    const wire = new Uint8Array(task.wire)
    return pool.run({ ...task, wire }, { name, transferList: [wire.buffer] })
  }
  return {
    threads,
    verifyEvm: (task) => run('evm', task) as Promise<VerifyTaskResult>, // reason: the evm export returns it
    // reason: the solana export returns it
    verifySolana: (task) => run('solana', task) as Promise<SolanaVerifyTaskResult>,
    close: () => pool.destroy(),
  }
}
