import assert from 'node:assert/strict'
import { once } from 'node:events'
import { describe, it } from 'node:test'
import { Worker } from 'node:worker_threads'
import { buildReceiptsTrie } from './buildReceiptsTrie.js'
import { encodeReceipt } from './encodeReceipt.js'
import { getReceiptProof } from './getReceiptProof.js'
import { loadMainnetBlock } from './testing/vectors.js'

describe('worker threads', () => {
  it('verifies proofs shipped to a worker (structured clone of the proof nodes)', async () => {
    const { block, receipts } = loadMainnetBlock()
    const trie = buildReceiptsTrie(receipts.map((r) => encodeReceipt(r)))
    const jobs = [0, 100, 201, 202].map((txIndex) => ({
      receiptsRoot: block.receiptsRoot,
      txIndex,
      proof: getReceiptProof(trie, txIndex),
    }))
    // A JS entry that registers tsx, then imports the TS one: on node 20 the --import hooks do not reach a worker's
    // entry.
    const entry = new URL('./testing/verifyInWorker.ts', import.meta.url).href
    const boot = `import { register } from 'tsx/esm/api'; register(); await import(${JSON.stringify(entry)})`
    const worker = new Worker(boot, { eval: true, workerData: jobs })
    // reason: verifyInWorker posts this shape
    const [results] = (await once(worker, 'message')) as [{ receipt?: Uint8Array; code?: string }[]]
    await worker.terminate()
    assert.deepEqual(
      results.slice(0, 3).map((r) => r.receipt),
      // reason: indexes < 202
      [0, 100, 201].map((i) => encodeReceipt(receipts[i]!)),
    )
    assert.equal(results[3]?.code, 'RECEIPT_NOT_FOUND')
  })
})
