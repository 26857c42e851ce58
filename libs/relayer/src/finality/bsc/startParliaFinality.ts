import { consume, type BusMessage, type DeadLetter } from '@relaymesh/bus'
import { isRelaymeshError, toReasonCode } from '@relaymesh/errors'
import {
  createParliaStore,
  getParliaFinalizedExecution,
  processParliaHeaders,
  type ParliaStore,
} from '@relaymesh/light-client/bsc'
import { hexToBytes } from '@relaymesh/protocol'
import { refusedParliaHeader } from './refusedParliaHeader.js'
import { getFinalityState, recordRejections, type RejectionInput, type StoreDb } from '@relaymesh/store'
import type { Logger } from '@relaymesh/telemetry'
import type { RelayerContext } from '../../context/createRelayerContext.js'
import type { FinalityProvider, FinalityStatus } from '../FinalityProvider.js'
import { parliaHeadersCodec, type ParliaHeaderRun } from './parliaHeadersCodec.js'
import type { ParliaFinalityConfig } from './parliaFinalitySchema.js'
import { encodeParliaRuns, encodeParliaStore, restoreParliaStore, type ParliaRuns } from './parliaStoreCodec.js'
import { saveFinalityStore, type LoadedFinalityStore } from '../saveFinalityStore.js'
import { setUpConsumer } from '../../context/setUpConsumer.js'

/** `finality_states.client` of the Parlia light client. */
export const PARLIA_CLIENT = 'parlia'

export type StartParliaFinalityParameters = { origin: number; config: ParliaFinalityConfig; signal: AbortSignal }

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

/** Applies runs in order; a run that fails leaves the store as it was and is settled by its error's action. */
function applyRuns(
  store: ParliaStore,
  messages: BusMessage<ParliaHeaderRun>[],
  failures: Map<BusMessage<ParliaHeaderRun>, unknown>,
): { store: ParliaStore; applied: ParliaRuns } {
  let next = store
  const applied: ParliaRuns = []
  for (const m of messages) {
    try {
      next = processParliaHeaders(
        next,
        m.data.headers.map((h) => hexToBytes(h)),
      )
      applied.push(m.data.headers)
    } catch (error) {
      failures.set(m, error)
    }
  }
  return { store: next, applied }
}

/** Says why runs were not applied: a refused run (`reject`) is loud, a waiting one (`retry`) is routine. */
function logFailures(logger: Logger, failures: ReadonlyMap<BusMessage<ParliaHeaderRun>, unknown>): void {
  for (const [m, error] of failures) {
    const code = isRelaymeshError(error) ? error.code : 'UNCLASSIFIED_ERROR'
    const retry = isRelaymeshError(error) && error.action === 'retry'
    const fields = { code, from: m.data.from, headers: m.data.headers.length, deliveries: m.deliveryCount, err: error }
    if (retry) logger.debug(fields, 'Parlia header run waits')
    else logger.warn(fields, 'Parlia header run refused')
  }
}

/** Runs (by stream sequence) about to be dead-lettered, with the header a possible forgery was refused at. */
const MAX_REFUSED_HEADERS = 1_024
function noteRefusedHeaders(
  refused: Map<number, { number: bigint; hash: `0x${string}` }>,
  failures: ReadonlyMap<BusMessage<ParliaHeaderRun>, unknown>,
): void {
  for (const [m, error] of failures) {
    const header = refusedParliaHeader(error)
    if (header) refused.set(m.streamSequence, header)
    if (refused.size > MAX_REFUSED_HEADERS) refused.delete(refused.keys().next().value as number) // reason: not empty
  }
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
  ctx: RelayerContext,
  p: StartParliaFinalityParameters,
): Promise<{ provider: FinalityProvider; done: Promise<void> }> {
  let current = await loadStore(ctx.db, p)
  const consumer = ctx.catalogue.finalityConsumer('parlia', String(p.origin), PARLIA_FINALITY_MAX_DELIVER)
  await setUpConsumer(ctx, { stream: ctx.catalogue.streams.bundles.name, spec: consumer, signal: p.signal })
  const logger = ctx.logger.child({ module: 'parlia-finality', origin: p.origin })
  const refusedHeaders = new Map<number, { number: bigint; hash: `0x${string}` }>()
  const done = consume(ctx.bus, {
    stream: ctx.catalogue.streams.bundles.name,
    consumer: consumer.durable,
    codec: parliaHeadersCodec,
    deadLetterSubject: ctx.catalogue.subjects.deadLetter('finality'),
    // A refused run is a finality rejection of this origin, stored with its PARLIA_* code; with the header it was
    // refused at when an endpoint may have forged it, which the watcher then reads again from its other endpoints.
    onDeadLetter: async ({ data: _data, ...entry }) => {
      const header = refusedHeaders.get(entry.streamSequence)
      refusedHeaders.delete(entry.streamSequence)
      await recordRejections(ctx.db, [refusedRunRejection(p.origin, entry, header)])
    },
    batch: 16,
    backoff: PARLIA_FINALITY_BACKOFF,
    signal: p.signal,
    logger,
    handler: async (messages) => {
      for (;;) {
        const failures = new Map<BusMessage<ParliaHeaderRun>, unknown>()
        const { store, applied } = applyRuns(current.store, messages, failures)
        logFailures(logger, failures)
        noteRefusedHeaders(refusedHeaders, failures)
        if (store === current.store) return failures
        const saved = await saveFinalityStore(ctx.db, {
          chain: p.origin,
          client: PARLIA_CLIENT,
          loaded: current,
          store,
          finalizedBlock: store.finalized?.number ?? null,
          snapshot: () => encodeParliaStore(store),
          delta: () => encodeParliaRuns(applied),
        })
        if (saved) {
          current = saved
          return failures
        }
        current = await loadStore(ctx.db, p)
      }
    },
  }).then(() => undefined)
  return { provider: { check: async (block) => parliaFinalityStatus(current.store, block) }, done }
}
