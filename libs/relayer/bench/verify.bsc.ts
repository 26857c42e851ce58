// bench:verify, BSC section: Parlia headers/s and messages/s with 1 and 2 worker threads.
// Each header's seal (secp256k1 recovery) and vote attestation (BLS fast-aggregate
// verify over the parent's validator set) is checked once for all of its messages;
// vote keys are decoded once per worker and cached in the trusted store.
import { availableParallelism } from 'node:os'
import { encodeBlockHeader } from '@relaymesh/receipt-proof'
import { Piscina } from 'piscina'
import { createParliaDevChain, defaultParliaDevSchedule } from '@relaymesh/devnet/parlia'
import type { BscBenchTask } from './verifyBscWorker.js'

const ZERO = `0x${'00'.repeat(32)}` as const
const EPOCH = 100n
const RUN = 50

export type BscBenchResult = {
  threads: number
  headers: number
  seconds: number
  headersPerSecond: number
  messagesPerSecond: number
}

function buildTasks(last: bigint): BscBenchTask[] {
  const chain = createParliaDevChain({ chainId: 56n, epochLength: EPOCH, schedule: defaultParliaDevSchedule() })
  for (let n = 0n; n <= last; n++) {
    const fill = (tag: string) => `0x${(n * 7n + BigInt(tag.length)).toString(16).padStart(64, '0')}` as const
    chain.extend({
      number: `0x${n.toString(16)}`,
      hash: fill('hash'),
      parentHash: ZERO,
      stateRoot: fill('s'),
      transactionsRoot: fill('tx'),
      receiptsRoot: fill('rcpt'),
      logsBloom: `0x${'00'.repeat(256)}`,
      gasLimit: '0x1c9c380',
      gasUsed: '0x5208',
      timestamp: `0x${(1_700_000_000n + n).toString(16)}`,
      baseFeePerGas: '0x0',
    })
  }
  const trusted = []
  for (let e = 0n; e <= last; e += EPOCH)
    trusted.push({ number: e.toString(), extraData: chain.block(e)!.header.extraData })
  const tasks: BscBenchTask[] = []
  for (let from = EPOCH; from + BigInt(RUN) - 1n <= last; from += BigInt(RUN)) {
    const headers = Array.from({ length: RUN }, (_, i) => encodeBlockHeader(chain.block(from + BigInt(i))!.header))
    tasks.push({ chainId: '56', epochLength: EPOCH.toString(), trusted, headers })
  }
  return tasks
}

async function measure(tasks: BscBenchTask[], threads: number, messagesPerBlock: number): Promise<BscBenchResult> {
  const pool = new Piscina({
    filename: new URL('./verifyBscWorker.mjs', import.meta.url).href,
    minThreads: threads,
    maxThreads: threads,
    execArgv: process.execArgv,
  })
  // warm-up: load modules, decode keys once per worker
  await Promise.all(Array.from({ length: threads }, () => pool.run(tasks[0])))
  const started = performance.now()
  const counts = await Promise.all(tasks.map((t) => pool.run(t) as Promise<number>))
  const seconds = (performance.now() - started) / 1000
  await pool.destroy()
  const headers = counts.reduce((a, b) => a + b, 0)
  return {
    threads,
    headers,
    seconds,
    headersPerSecond: headers / seconds,
    messagesPerSecond: (headers * messagesPerBlock) / seconds,
  }
}

/** Runs the BSC section with 1 and 2 workers; `messagesPerBlock` Outbox messages share each header's check. */
export async function benchVerifyBsc(
  p: { lastBlock?: bigint; messagesPerBlock?: number } = {},
): Promise<BscBenchResult[]> {
  const tasks = buildTasks(p.lastBlock ?? 1099n)
  const results: BscBenchResult[] = []
  for (const threads of [1, Math.min(2, availableParallelism())])
    results.push(await measure(tasks, threads, p.messagesPerBlock ?? 100))
  return results
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const results = await benchVerifyBsc()
  for (const r of results) {
    console.log(
      `bsc parlia  threads=${r.threads}  headers=${r.headers}  ${r.headersPerSecond.toFixed(0)} headers/s  ` +
        `${r.messagesPerSecond.toFixed(0)} messages/s (100 msgs/block, finality checked once per header)`,
    )
  }
  const [one, two] = results
  if (one && two)
    console.log(`bsc scaling 1 -> ${two.threads} workers: ${(two.headersPerSecond / one.headersPerSecond).toFixed(2)}x`)
}
