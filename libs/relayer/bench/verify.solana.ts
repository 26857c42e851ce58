// Solana section of `npm run bench:verify`: attested slot commitments (19 equal-stake members,
// 13 ed25519 signatures each, node:crypto) and their messages checked against the root, in piscina
// pools of 1 and 2 workers. Reuses libs/solana's bench worker (commitmentWorker.ts).
import bs58 from 'bs58'
import { Piscina } from 'piscina'
import { bytesToHex, domains, keccak256 } from '@relaymesh/protocol'
import { createDevCommittee, signSlotCommitment, slotMessagesRoot, type SlotCommitment } from '@relaymesh/solana'

const MEMBERS = 19
const MESSAGES_PER_SLOT = 64
const COMMITMENTS = 1000
const BATCH = 25

export async function main(): Promise<void> {
  const { committee, keys } = createDevCommittee({ epoch: 3, size: MEMBERS })
  const quorum = Math.floor((MEMBERS * 2) / 3) + 1
  const jobs = Array.from({ length: COMMITMENTS }, (_, slot) => {
    const ids = Array.from({ length: MESSAGES_PER_SLOT }, (_, i) =>
      bytesToHex(keccak256(new TextEncoder().encode(`${slot}:${i}`))),
    )
    const commitment: SlotCommitment = {
      domain: domains.solana,
      epoch: 3,
      slot,
      blockhash: bs58.encode(keccak256(new Uint8Array([slot & 255, slot >> 8]))),
      messagesBefore: slot * MESSAGES_PER_SLOT,
      ...slotMessagesRoot(ids),
    }
    return { commitment, signatures: signSlotCommitment(keys.slice(0, quorum), commitment), ids }
  })
  const batches = Array.from({ length: COMMITMENTS / BATCH }, (_, i) => jobs.slice(i * BATCH, (i + 1) * BATCH))
  for (const threads of [1, 2]) {
    const pool = new Piscina({
      filename: new URL('../../solana/bench/commitmentWorker.ts', import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
      execArgv: process.execArgv,
    })
    // warm every worker
    await Promise.all(Array.from({ length: threads * 2 }, () => pool.run({ committee, jobs: jobs.slice(0, 2) })))
    const start = performance.now()
    await Promise.all(batches.map((b) => pool.run({ committee, jobs: b })))
    const seconds = (performance.now() - start) / 1000
    await pool.destroy()
    console.log(
      `solana attested  threads=${threads}  commitments=${COMMITMENTS} (${quorum}/${MEMBERS} signatures, ` +
        `${MESSAGES_PER_SLOT} messages each)  ${(COMMITMENTS / seconds).toFixed(0)} commitments/s  ` +
        `${((COMMITMENTS * MESSAGES_PER_SLOT) / seconds).toFixed(0)} messages/s`,
    )
  }
}
