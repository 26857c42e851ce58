// Worker side of commitment.bench.ts: verifies batches of slot commitments.
import {
  prepareCommittee,
  verifySlotCommitment,
  type Committee,
  type CommitmentSignature,
  type PreparedCommittee,
  type SlotCommitment,
} from '../src/index.js'
import { verifySlotMessages } from '../src/commitment/verifySlotMessages.js'
import type { Hex } from '@relaymesh/protocol'

export type CommitmentJob = { commitment: SlotCommitment; signatures: CommitmentSignature[]; ids: Hex[] }

// One prepared committee per worker: decoding keys once is the point of prepareCommittee.
let prepared: PreparedCommittee | undefined

export default function verifyBatch({ committee, jobs }: { committee: Committee; jobs: CommitmentJob[] }): number {
  prepared ??= prepareCommittee(committee)
  let messages = 0
  for (const { commitment, signatures, ids } of jobs) {
    verifySlotCommitment(prepared, commitment, signatures)
    verifySlotMessages(commitment, ids)
    messages += ids.length
  }
  return messages
}
