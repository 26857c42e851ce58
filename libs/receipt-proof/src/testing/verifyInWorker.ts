/** Worker entry for worker.test.ts: verifies the proofs it is sent, as the relayer's verifier pool does. */
import { parentPort, workerData } from 'node:worker_threads'
import { verifyReceiptProof, type VerifyReceiptProofParameters } from '../index.js'

const jobs = workerData as VerifyReceiptProofParameters[] // reason: the test posts exactly this shape
parentPort?.postMessage(
  jobs.map((job) => {
    try {
      return { receipt: verifyReceiptProof(job) }
    } catch (error) {
      return { code: (error as { code?: string }).code } // reason: ReceiptProofError carries a code
    }
  }),
)
