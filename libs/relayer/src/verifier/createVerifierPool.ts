import { Piscina } from 'piscina'
import verifyTask, { type VerifyTask, type VerifyTaskResult } from './verifyWorker.js'

export type VerifierPool = { run(task: VerifyTask): Promise<VerifyTaskResult>; threads: number; close(): Promise<void> }

/**
 * Verification in worker threads (one per core by default). With 0 threads
 * it verifies inline, which tests and tiny deployments use.
 */
export function createVerifierPool({ threads }: { threads: number }): VerifierPool {
  if (threads === 0) return { run: async (task) => verifyTask(task), threads: 0, close: async () => {} }
  const pool = new Piscina({
    filename: new URL('./verifyWorker.ts', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    // Workers need the TypeScript loader the parent runs under.
    execArgv: process.execArgv,
  })
  return {
    threads,
    run: (task) => pool.run(task) as Promise<VerifyTaskResult>,
    close: () => pool.destroy(),
  }
}
