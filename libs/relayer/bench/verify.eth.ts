// bench:verify, Ethereum section: sync-committee updates/s (altair process_light_client_update:
// branches + BLS fast-aggregate verify of a 32-member minimal committee) with 1 and 2 worker threads,
// over the devnet signer's real-format updates. Runs of updates start from store snapshots, so
// workers verify disjoint runs in parallel; messages/s counts 100 Outbox messages per block whose
// finality the update proves (the check is done once per block, not per message).
import { availableParallelism } from 'node:os'
import { initializeLightClientStore, processLightClientUpdate, type LightClientStore } from '@relaymesh/light-client'
import { hexToBytes } from 'viem'
import { Piscina } from 'piscina'
import {
  createBeaconChainModel,
  syntheticExecutionBlocks,
  createDevnetContext,
  DEVNET_GENESIS_VALIDATORS_ROOT,
} from '@relaymesh/devnet/beacon'
import { encodeBeaconStore } from '../src/finality/ethereum/beaconStoreCodec.js'
import type { EthBenchTask } from './verifyEthWorker.js'

export type EthBenchResult = {
  threads: number
  updates: number
  seconds: number
  updatesPerSecond: number
  messagesPerSecond: number
}

const RUN = 16

function buildTasks(slots: number): EthBenchTask[] {
  const context = createDevnetContext()
  const gvr = hexToBytes(DEVNET_GENESIS_VALIDATORS_ROOT)
  const model = createBeaconChainModel(context, gvr)
  for (const block of syntheticExecutionBlocks(slots + 2)) model.addBlock(block)
  let store: LightClientStore = initializeLightClientStore(model.rootOf(0), model.bootstrap(0), context)
  const tasks: EthBenchTask[] = []
  for (let from = 1; from + RUN <= slots; from += RUN) {
    const updates = Array.from({ length: RUN }, (_, i) => model.update(from + i))
    tasks.push({
      store: encodeBeaconStore(context, store),
      updates: updates.map((u) => context.types.latest.LightClientUpdate.serialize(u)),
      currentSlot: slots + 2,
      gvr,
    })
    for (const u of updates) store = processLightClientUpdate(store, u, slots + 2, gvr, context)
  }
  return tasks
}

async function measure(tasks: EthBenchTask[], threads: number, messagesPerBlock: number): Promise<EthBenchResult> {
  const pool = new Piscina({
    filename: new URL('./verifyEthWorker.mjs', import.meta.url).href,
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
  const updates = counts.reduce((a, b) => a + b, 0)
  return {
    threads,
    updates,
    seconds,
    updatesPerSecond: updates / seconds,
    messagesPerSecond: (updates * messagesPerBlock) / seconds,
  }
}

/** Runs the Ethereum section with 1 and 2 workers. */
export async function benchVerifyEth(p: { slots?: number; messagesPerBlock?: number } = {}): Promise<EthBenchResult[]> {
  const tasks = buildTasks(p.slots ?? 512)
  const results: EthBenchResult[] = []
  for (const threads of [1, Math.min(2, availableParallelism())])
    results.push(await measure(tasks, threads, p.messagesPerBlock ?? 100))
  return results
}

export function printEth(results: EthBenchResult[]): void {
  for (const r of results) {
    console.log(
      `eth sync-committee  threads=${r.threads}  updates=${r.updates}  ${r.updatesPerSecond.toFixed(0)} ` +
        `updates/s  ${r.messagesPerSecond.toFixed(0)} messages/s (100 msgs/block, finality checked once per update)`,
    )
  }
  const [one, two] = results
  if (one && two)
    console.log(`eth scaling 1 -> ${two.threads} workers: ${(two.updatesPerSecond / one.updatesPerSecond).toFixed(2)}x`)
}

if (import.meta.url === `file://${process.argv[1]}`) printEth(await benchVerifyEth())
