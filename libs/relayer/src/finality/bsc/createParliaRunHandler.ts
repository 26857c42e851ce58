import type { BusMessage } from '@relaymesh/bus'
import { isRelaymeshError } from '@relaymesh/errors'
import { processParliaHeaders, type ParliaStore } from '@relaymesh/light-client/bsc'
import { hexToBytes } from '@relaymesh/protocol'
import type { Logger } from '@relaymesh/telemetry'
import type { LoadedFinalityStore } from '../saveFinalityStore.js'
import type { ParliaHeaderRun } from './parliaHeadersCodec.js'
import type { ParliaRuns } from './parliaStoreCodec.js'
import { refusedParliaHeader } from './refusedParliaHeader.js'

type Loaded = LoadedFinalityStore<ParliaStore>
type RefusedHeader = { number: bigint; hash: `0x${string}` }

/** What the Parlia finality's handler works with: its persisted store and a logger. */
export type ParliaRunHandlerDeps = {
  /** The store as persisted (`finality_states`), or a fresh one trusting the configured epochs. */
  loadStore(): Promise<Loaded>
  /** Writes `store` over `loaded` (compare-and-set); undefined when another writer got there first. */
  saveStore(p: { loaded: Loaded; store: ParliaStore; applied: ParliaRuns }): Promise<Loaded | undefined>
  logger: Logger
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
  refused: Map<number, RefusedHeader>,
  failures: ReadonlyMap<BusMessage<ParliaHeaderRun>, unknown>,
): void {
  for (const [m, error] of failures) {
    const header = refusedParliaHeader(error)
    if (header) refused.set(m.streamSequence, header)
    if (refused.size > MAX_REFUSED_HEADERS) refused.delete(refused.keys().next().value as number) // reason: not empty
  }
}

/**
 * The Parlia finality's consumer handler: applies a pull's header runs to the store it holds (`processParliaHeaders`)
 * and saves the result; on a lost compare-and-set it reloads the store and applies them again. Runs that failed are
 * returned for the consumer to settle by their errors' actions; a run refused at a header an endpoint may have forged
 * leaves that header for its rejection (`takeRefusedHeader`).
 *
 * @example
 * const runs = createParliaRunHandler({ loadStore, saveStore, logger }, await loadStore())
 * const failures = await runs.handle(messages)
 */
export function createParliaRunHandler(
  deps: ParliaRunHandlerDeps,
  loaded: Loaded,
): {
  handle(messages: BusMessage<ParliaHeaderRun>[]): Promise<Map<BusMessage<ParliaHeaderRun>, unknown>>
  /** The store as last applied and saved, or loaded. */
  store(): ParliaStore
  /** The header the run at `streamSequence` was refused at, when it may be a forgery; forgotten once read. */
  takeRefusedHeader(streamSequence: number): RefusedHeader | undefined
} {
  let current = loaded
  const refusedHeaders = new Map<number, RefusedHeader>()
  return {
    async handle(messages) {
      for (;;) {
        const failures = new Map<BusMessage<ParliaHeaderRun>, unknown>()
        const { store, applied } = applyRuns(current.store, messages, failures)
        logFailures(deps.logger, failures)
        noteRefusedHeaders(refusedHeaders, failures)
        if (store === current.store) return failures
        const saved = await deps.saveStore({ loaded: current, store, applied })
        if (saved) {
          current = saved
          return failures
        }
        current = await deps.loadStore()
      }
    },
    store: () => current.store,
    takeRefusedHeader(streamSequence) {
      const header = refusedHeaders.get(streamSequence)
      refusedHeaders.delete(streamSequence)
      return header
    },
  }
}
