import { consume, ensureConsumer, type BusMessage } from '@relaymesh/bus'
import { isRelaymeshError } from '@relaymesh/errors'
import { createParliaStore, getParliaFinalizedExecution, processParliaHeaders, type ParliaStore } from '@relaymesh/light-client'
import { hexToBytes } from '@relaymesh/protocol'
import { getFinalityState, putFinalityState, recordRejections } from '@relaymesh/store'
import type { RelayerContext } from '../../context/createRelayerContext.js'
import type { FinalityProvider, FinalityStatus } from '../FinalityProvider.js'
import { parliaHeadersCodec, type ParliaHeaderRun } from './parliaHeadersCodec.js'
import type { ParliaFinalityConfig } from './parliaFinalitySchema.js'
import { decodeParliaStore, encodeParliaStore } from './parliaStoreCodec.js'

/** `finality_states.client` of the Parlia light client. */
export const PARLIA_CLIENT = 'parlia'

export type StartParliaFinalityParameters = { origin: number; config: ParliaFinalityConfig; signal: AbortSignal }

type Loaded = { store: ParliaStore; version: number }

async function loadStore(ctx: RelayerContext, p: StartParliaFinalityParameters): Promise<Loaded> {
  const row = await getFinalityState(ctx.db, { chain: p.origin, client: PARLIA_CLIENT })
  if (row) return { store: decodeParliaStore(row.data), version: row.version }
  const store = createParliaStore({
    chainId: BigInt(p.config.chainId),
    epochLength: BigInt(p.config.epochLength),
    trustedEpochs: p.config.trustedEpochs.map((e) => ({ number: BigInt(e.number), extraData: e.extraData as `0x${string}` })), // reason: schema checked 0x hex
    retainBlocks: 2048n,
  })
  return { store, version: 0 }
}

/** Applies runs in order; a run that fails leaves the store as it was and is settled by its error's action. */
function applyRuns(store: ParliaStore, messages: BusMessage<ParliaHeaderRun>[], failures: Map<BusMessage<ParliaHeaderRun>, unknown>): ParliaStore {
  let next = store
  for (const m of messages) {
    try {
      next = processParliaHeaders(next, m.data.headers.map((h) => hexToBytes(h)))
    } catch (error) {
      failures.set(m, error)
    }
  }
  return next
}

/** The FinalityProvider answer from the store (BEP-126 finality; `light-client` label). */
export function parliaFinalityStatus(store: ParliaStore, block: { number: bigint; hash: `0x${string}` }): FinalityStatus {
  try {
    const answer = getParliaFinalizedExecution(store, { blockNumber: block.number, blockHash: block.hash })
    if (answer.status === 'final') return { status: 'final', verification: 'light-client' }
    if (answer.status === 'unavailable') return { status: 'pending', reason: `block older than the Parlia store's history (${answer.oldestBlockNumber})` }
    return { status: 'pending', reason: `Parlia finalized ${answer.finalizedBlockNumber ?? 'nothing yet'}` }
  } catch (error) {
    if (isRelaymeshError(error, 'LC_EXECUTION_BLOCK_CONFLICT')) return { status: 'orphaned', canonicalHash: store.finalBlocks.get(block.number)?.hash }
    throw error
  }
}

/**
 * Verifier side of Parlia finality for one BSC origin: consumes the header
 * runs the watcher publishes (its own durable `parlia_<origin>` on
 * `catalogue.subjects.finality(origin)`, so other chains' finality consumers
 * never take them), runs `processParliaHeaders`, persists the store in
 * `finality_states` (compare-and-set; on a lost race it reloads and applies
 * again), and answers `check` from it: `final` (verification `light-client`)
 * only when the light client proved the block final, `pending` otherwise. A
 * refused run (bad seal, vote under quorum, ...) is dead-lettered with its
 * reason code and changes nothing.
 */
export async function startParliaFinality(ctx: RelayerContext, p: StartParliaFinalityParameters): Promise<{ provider: FinalityProvider; done: Promise<void> }> {
  let current = await loadStore(ctx, p)
  const consumer = { ...ctx.catalogue.consumers.finality, durable: `parlia_${p.origin}`, filterSubjects: [ctx.catalogue.subjects.finality(String(p.origin))] }
  await ensureConsumer(ctx.bus.jsm, ctx.catalogue.streams.bundles.name, consumer)
  const logger = ctx.logger.child({ module: 'parlia-finality', origin: p.origin })
  const done = consume(ctx.bus, {
    stream: ctx.catalogue.streams.bundles.name,
    consumer: consumer.durable,
    codec: parliaHeadersCodec,
    deadLetterSubject: ctx.catalogue.subjects.deadLetter('finality'),
    onDeadLetter: async ({ data: _data, ...entry }) => {
      await recordRejections(ctx.db, [{ stage: 'dead-letter', reasonCode: entry.reasonCode, details: entry }])
    },
    batch: 16,
    signal: p.signal,
    logger,
    handler: async (messages) => {
      for (;;) {
        const failures = new Map<BusMessage<ParliaHeaderRun>, unknown>()
        const store = applyRuns(current.store, messages, failures)
        if (store === current.store) return failures
        const finalized = store.finalized?.number ?? null
        if (await putFinalityState(ctx.db, { chain: p.origin, client: PARLIA_CLIENT, data: encodeParliaStore(store), finalizedBlock: finalized, expectedVersion: current.version })) {
          current = { store, version: current.version + 1 }
          return failures
        }
        current = await loadStore(ctx, p)
      }
    },
  }).then(() => undefined)
  return { provider: { check: async (block) => parliaFinalityStatus(current.store, block) }, done }
}
