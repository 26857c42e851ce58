// bench:verify BSC worker: verifies runs of Parlia headers (seal recovery + BEP-126 BLS vote per header).
import { createParliaStore, processParliaHeaders, type ParliaStore } from '@relaymesh/light-client'

export type BscBenchTask = {
  chainId: string
  epochLength: string
  trusted: { number: string; extraData: `0x${string}` }[]
  headers: Uint8Array[]
}

// Per worker: the trusted store, its BLS vote keys decoded and validated once, reused for every run.
const bases = new Map<string, ParliaStore>()

export default function verifyRun(task: BscBenchTask): number {
  const key = task.trusted.map((t) => t.number).join(',')
  let base = bases.get(key)
  if (!base) {
    base = createParliaStore({
      chainId: BigInt(task.chainId),
      epochLength: BigInt(task.epochLength),
      trustedEpochs: task.trusted.map((t) => ({ number: BigInt(t.number), extraData: t.extraData })),
    })
    bases.set(key, base)
  }
  const after = processParliaHeaders(base, task.headers)
  if (after.head === undefined) throw new Error('no header verified')
  return task.headers.length
}
