/**
 * Attested Solana verification throughput: `npm run bench:verify:solana [messagesPerSlot] [members]`.
 * A 19-member equal-stake committee (quorum 13: more than 2/3), one commitment
 * per slot over `messagesPerSlot` outbox message ids. Each commitment is verified
 * once (13 ed25519 verifies with node:crypto) and its messages checked against
 * the root by recomputing it from the slot's ids. Inline (1 thread) and in
 * piscina worker pools of 1 and 2 threads.
 */
import { availableParallelism } from 'node:os'
import bs58 from 'bs58'
import { Piscina } from 'piscina'
import { bytesToHex, domains, keccak256 } from '@relaymesh/protocol'
import { createDevCommittee, signSlotCommitment, slotMessagesRoot, type SlotCommitment } from '../src/index.js'
import verifyBatch, { type CommitmentJob } from './commitmentWorker.js'

const MESSAGES_PER_SLOT = Number(process.argv[2] ?? 64)
const MEMBERS = Number(process.argv[3] ?? 19)
const COMMITMENTS = 2000
const BATCH = 25

const { committee, keys } = createDevCommittee({ epoch: 3, size: MEMBERS })
const quorum = Math.floor((MEMBERS * 2) / 3) + 1
const jobs: CommitmentJob[] = Array.from({ length: COMMITMENTS }, (_, slot) => {
  const ids = Array.from({ length: MESSAGES_PER_SLOT }, (_, i) =>
    bytesToHex(keccak256(new TextEncoder().encode(`${slot}:${i}`))),
  )
  const commitment: SlotCommitment = {
    domain: domains.solana,
    epoch: 3,
    slot,
    blockhash: bs58.encode(keccak256(new Uint8Array([slot & 255, slot >> 8]))),
    messagesBefore: slot * ids.length,
    ...slotMessagesRoot(ids),
  }
  return { commitment, signatures: signSlotCommitment(keys.slice(0, quorum), commitment), ids }
})
const batches = Array.from({ length: COMMITMENTS / BATCH }, (_, i) => jobs.slice(i * BATCH, (i + 1) * BATCH))

function report(label: string, ms: number): void {
  const commitments = Math.round((COMMITMENTS / ms) * 1000)
  const messages = Math.round(((COMMITMENTS * MESSAGES_PER_SLOT) / ms) * 1000)
  const verifies = Math.round(((COMMITMENTS * quorum) / ms) * 1000)
  console.log(
    `${label.padEnd(10)} ${commitments.toLocaleString('en-US').padStart(7)} commitments/s ` +
      `${messages.toLocaleString('en-US').padStart(10)} messages/s ` +
      `${verifies.toLocaleString('en-US').padStart(8)} ed25519/s (${(ms / 1000).toFixed(2)} s)`,
  )
}

async function pooled(threads: number): Promise<number> {
  const pool = new Piscina({
    filename: new URL('./commitmentWorker.ts', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    execArgv: process.execArgv,
  })
  // warm every worker
  await Promise.all(Array.from({ length: threads * 2 }, () => pool.run({ committee, jobs: batches[0]!.slice(0, 2) })))
  const start = performance.now()
  await Promise.all(batches.map((jobsInBatch) => pool.run({ committee, jobs: jobsInBatch })))
  const ms = performance.now() - start
  await pool.destroy()
  return ms
}

console.log(
  `solana attested: ${MEMBERS} members, ${quorum} signatures per commitment, ${MESSAGES_PER_SLOT} messages per ` +
    `slot, ${COMMITMENTS} commitments, ${availableParallelism()} cores`,
)
verifyBatch({ committee, jobs: jobs.slice(0, 50) }) // warm-up
const start = performance.now()
for (const batch of batches) verifyBatch({ committee, jobs: batch })
report('inline', performance.now() - start)
for (const threads of [1, 2]) report(`${threads} worker${threads > 1 ? 's' : ''}`, await pooled(threads))
