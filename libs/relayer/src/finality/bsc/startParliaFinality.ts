import { consume, type Bus, type BusCatalogue, type DeadLetter } from '@relaymesh/bus'
import { isRelaymeshError, toReasonCode } from '@relaymesh/errors'
import { createParliaStore, getParliaFinalizedExecution, type ParliaStore } from '@relaymesh/light-client/bsc'
import { hexToBytes } from '@relaymesh/protocol'
import { getFinalityState, recordRejections, type RejectionInput, type StoreDb } from '@relaymesh/store'
import type { Logger } from '@relaymesh/telemetry'
import type { FinalityProvider, FinalityStatus } from '../FinalityProvider.js'
import { createParliaRunHandler } from './createParliaRunHandler.js'
import { parliaHeadersCodec } from './parliaHeadersCodec.js'
import type { ParliaFinalityConfig } from './parliaFinalitySchema.js'
import { encodeParliaRuns, encodeParliaStore, restoreParliaStore } from './parliaStoreCodec.js'
import { saveFinalityStore, type LoadedFinalityStore } from '../saveFinalityStore.js'
import { setUpConsumer } from '../../context/setUpConsumer.js'

/** `finality_states.client` of the Parlia light client. */
export const PARLIA_CLIENT = 'parlia'

export type StartParliaFinalityParameters = { origin: number; config: ParliaFinalityConfig; signal: AbortSignal }

/** What the Parlia finality runs on: its store's table, the bundle stream its runs come on, a logger. */
export type ParliaFinalityDeps = { db: StoreDb; bus: Bus; catalogue: BusCatalogue; logger: Logger }

type Loaded = LoadedFinalityStore<ParliaStore>

/**
 * Deliveries of one header run before it is dead-lettered. A run that needs
 * a validator set not adopted yet (`PARLIA_UNKNOWN_VALIDATOR_SET`, `retry`:
 * e.g. redelivered after a later run, or votes missing across an epoch
 * switch) must wait, not be dropped: a dropped run is a hole in the header
 * chain, and every block in it would stay pending for good. With
 * {@link PARLIA_FINALITY_BACKOFF} this is about 100 minutes.
 */
export const PARLIA_FINALITY_MAX_DELIVER = 2_000
/** Retry backoff of header runs: capped at 3 s so a run settles soon after what it waited for arrives. */
export const PARLIA_FINALITY_BACKOFF = { initialMs: 250, factor: 2, maxMs: 3_000 }

async function loadStore(db: StoreDb, p: StartParliaFinalityParameters): Promise<Loaded> {
  const row = await getFinalityState(db, { chain: p.origin, client: PARLIA_CLIENT })
  if (row) return { store: restoreParliaStore(row), version: row.version, journaled: row.journal.length }
  const store = createParliaStore({
    chainId: BigInt(p.config.chainId),
    epochLength: BigInt(p.config.epochLength),
    trustedEpochs: p.config.trustedEpochs.map((e) => ({
      number: BigInt(e.number),
      // reason: schema checked 0x hex
      extraData: e.extraData as `0x${string}`,
    })),
    retainBlocks: 2048n,
  })
  return { store, version: 0, journaled: 0 }
}

/** A dead-lettered run's rejection; with the refused header's hash and number (`scope: 'header'`) when known. */
function refusedRunRejection(
  origin: number,
  entry: Omit<DeadLetter, 'data'>,
  header: { number: bigint; hash: `0x${string}` } | undefined,
): RejectionInput {
  const base = { stage: 'finality', reasonCode: toReasonCode(entry.reasonCode), origin } as const
  if (!header) return { ...base, details: entry }
  const details = { ...entry, scope: 'header', blockNumber: header.number.toString() }
  return { ...base, blockHash: hexToBytes(header.hash), details }
}

/** The FinalityProvider answer from the store (BEP-126 finality; `light-client` label). */
export function parliaFinalityStatus(
  store: ParliaStore,
  block: { number: bigint; hash: `0x${string}` },
): FinalityStatus {
  try {
    const answer = getParliaFinalizedExecution(store, { blockNumber: block.number, blockHash: block.hash })
    if (answer.status === 'final') return { status: 'final', verification: 'light-client' }
    if (answer.status === 'unavailable')
      return { status: 'pending', reason: `block older than the Parlia store's history (${answer.oldestBlockNumber})` }
    return { status: 'pending', reason: `Parlia finalized ${answer.finalizedBlockNumber ?? 'nothing yet'}` }
  } catch (error) {
    if (isRelaymeshError(error, 'LC_EXECUTION_BLOCK_CONFLICT'))
      return { status: 'orphaned', canonicalHash: store.finalBlocks.get(block.number)?.hash }
    throw error
  }
}

/**
 * Verifier side of Parlia finality for one BSC origin: consumes the header
 * runs the watcher publishes (its own durable `parlia_<origin>` on
 * `catalogue.subjects.finality(origin)`, so other chains' finality consumers
 * never take them), runs `processParliaHeaders`, persists the store in
 * `finality_states` (compare-and-set of a journal delta, a whole snapshot every
 * `FINALITY_SNAPSHOT_EVERY` (`saveFinalityStore`); on a lost race it reloads and applies again), and answers `check`
 * from it: `final` (verification `light-client`) only when the light client proved the block final, `pending`
 * otherwise. A refused run (bad seal, vote under quorum, ...) changes nothing and is dead-lettered and recorded in
 * `rejections` (stage `finality`) with its
 * `PARLIA_*` code; a run that must wait (`retry`) is redelivered with a capped
 * backoff, never dropped for waiting.
 */
export async function startParliaFinality(
  deps: ParliaFinalityDeps,
  p: StartParliaFinalityParameters,
): Promise<{ provider: FinalityProvider; done: Promise<void> }> {
  const logger = deps.logger.child({ module: 'parlia-finality', origin: p.origin })
  const runs = createParliaRunHandler(
    {
      loadStore: () => loadStore(deps.db, p),
      saveStore: ({ loaded, store, applied }) =>
        saveFinalityStore(deps.db, {
          chain: p.origin,
          client: PARLIA_CLIENT,
          loaded,
          store,
          finalizedBlock: store.finalized?.number ?? null,
          snapshot: () => encodeParliaStore(store),
          delta: () => encodeParliaRuns(applied),
        }),
      logger,
    },
    await loadStore(deps.db, p),
  )
  const consumer = deps.catalogue.finalityConsumer('parlia', String(p.origin), PARLIA_FINALITY_MAX_DELIVER)
  await setUpConsumer(deps, { stream: deps.catalogue.streams.bundles.name, spec: consumer, signal: p.signal })
  const done = consume(deps.bus, {
    stream: deps.catalogue.streams.bundles.name,
    consumer: consumer.durable,
    codec: parliaHeadersCodec,
    deadLetterSubject: deps.catalogue.subjects.deadLetter('finality'),
    // A refused run is a finality rejection of this origin, stored with its PARLIA_* code; with the header it was
    // refused at when an endpoint may have forged it, which the watcher then reads again from its other endpoints.
    onDeadLetter: async ({ data: _data, ...entry }) => {
      const header = runs.takeRefusedHeader(entry.streamSequence)
      await recordRejections(deps.db, [refusedRunRejection(p.origin, entry, header)])
    },
    batch: 16,
    backoff: PARLIA_FINALITY_BACKOFF,
    signal: p.signal,
    logger,
    handler: (messages) => runs.handle(messages),
  }).then(() => undefined)
  return { provider: { check: async (block) => parliaFinalityStatus(runs.store(), block) }, done }
}
