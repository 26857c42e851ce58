import { consume, type Bus, type BusCatalogue } from '@relaymesh/bus'
import { isRelaymeshError, toReasonCode } from '@relaymesh/errors'
import {
  getFinalizedExecution,
  initializeLightClientStore,
  lightClientDataFromJson,
  type EthereumLightClientContext,
  type LightClientStore,
} from '@relaymesh/light-client'
import { hexToBytes } from '@relaymesh/protocol'
import { getFinalityState, getFinalityVersion, recordRejections, type StoreDb } from '@relaymesh/store'
import type { Logger } from '@relaymesh/telemetry'
import type { RelayerChain } from '../../context/createRelayerContext.js'
import { RelayerError } from '../../RelayerError.js'
import type { FinalityProvider, FinalityStatus } from '../FinalityProvider.js'
import { getLightClientBootstrap } from './beaconApi.js'
import type { BeaconFinalityConfig } from './beaconFinalitySchema.js'
import { encodeBeaconDelta, encodeBeaconStore, restoreBeaconStore } from './beaconStoreCodec.js'
import { saveFinalityStore, type LoadedFinalityStore } from '../saveFinalityStore.js'
import { beaconUpdateCodec } from './beaconUpdateCodec.js'
import { createBeaconContext } from './createBeaconContext.js'
import { fetchAncestry } from './fetchAncestry.js'
import { setUpConsumer } from '../../context/setUpConsumer.js'
import { createFinalityStoreHolder } from '../createFinalityStoreHolder.js'
import { createBeaconUpdateHandler } from './createBeaconUpdateHandler.js'

/** `finality_states.client` of the Ethereum sync-committee light client. */
export const BEACON_CLIENT = 'ethereum-sync-committee'

export type StartBeaconFinalityParameters = { origin: number; config: BeaconFinalityConfig; signal: AbortSignal }

/**
 * What the Ethereum light client runs on: its store's table, the bundle stream its updates come on, the origin's
 * chain (its head for the slot clock, its endpoints for ancestry), a logger and a clock.
 */
export type BeaconFinalityDeps = {
  db: StoreDb
  bus: Bus
  catalogue: BusCatalogue
  logger: Logger
  clock: { now(): number }
  chain: Pick<RelayerChain, 'client' | 'endpoints'>
}

/** The origin's chain as the light client reads it. */
type BeaconChain = BeaconFinalityDeps['chain']

type Loaded = LoadedFinalityStore<LightClientStore>

async function loadStore(
  db: StoreDb,
  context: EthereumLightClientContext,
  p: StartBeaconFinalityParameters,
): Promise<Loaded> {
  const row = await getFinalityState(db, { chain: p.origin, client: BEACON_CLIENT })
  if (row)
    return {
      store: restoreBeaconStore(context, genesisValidatorsRootOf(p.config), row),
      version: row.version,
      journaled: row.journal.length,
    }
  // altair `initialize_light_client_store`: the bootstrap is fetched from the untrusted API and must hash to the
  // trusted root.
  const bootstrap = await getLightClientBootstrap(p.config.beaconApiUrl, p.config.trustedBlockRoot)
  if (!bootstrap)
    throw new RelayerError('beacon API has no bootstrap for the trusted root yet', {
      code: 'RPC_UNAVAILABLE',
      action: 'retry',
    })
  const store = initializeLightClientStore(
    // reason: schema checked 0x hex
    hexToBytes(p.config.trustedBlockRoot as `0x${string}`),
    lightClientDataFromJson(context.types, 'bootstrap', bootstrap),
    context,
  )
  return { store, version: 0, journaled: 0 }
}

const genesisValidatorsRootOf = (config: BeaconFinalityConfig) =>
  hexToBytes(config.genesisValidatorsRoot as `0x${string}`) // reason: schema checked 0x hex

/** The verifier's own notion of the current slot (updates signed in the future are refused). */
async function currentSlot(config: BeaconFinalityConfig, chain: BeaconChain, now: number): Promise<number> {
  if (config.slotClock.kind === 'execution-head') return Number(await chain.client.getBlockNumber({ cacheTime: 0 }))
  return Math.floor((now / 1000 - config.slotClock.genesisTime) / config.slotClock.secondsPerSlot)
}

function finalizedBlockOf(store: LightClientStore): bigint | null {
  const trusted = store.finalizedExecutions.filter((e) => e.source !== 'forced')
  const last = trusted[trusted.length - 1]
  return last ? BigInt(last.blockNumber) : null
}

/**
 * The FinalityProvider answer: `final` (label `light-client`) only when the store proves the block, by checkpoint or
 * parent-hash ancestry.
 */
async function beaconFinalityStatus(
  store: LightClientStore,
  chain: BeaconChain,
  block: { number: bigint; hash: `0x${string}` },
): Promise<FinalityStatus> {
  try {
    let answer = getFinalizedExecution(store, { blockNumber: Number(block.number), blockHash: block.hash })
    if (answer.status === 'ancestry-required') {
      const ancestry = await fetchAncestry(chain.endpoints, {
        from: block.number,
        anchor: { blockNumber: BigInt(answer.anchor.blockNumber), blockHash: answer.anchor.blockHash },
      })
      answer = getFinalizedExecution(store, { blockNumber: Number(block.number), blockHash: block.hash, ancestry })
    }
    if (answer.status === 'final') return { status: 'final', verification: 'light-client' }
    return {
      status: 'pending',
      reason:
        `sync committee finalized ` +
        `block ${answer.status === 'pending' ? (answer.finalizedBlockNumber ?? 'none yet') : 'unknown'}`,
    }
  } catch (error) {
    if (isRelaymeshError(error, 'LC_EXECUTION_BLOCK_CONFLICT')) return { status: 'orphaned', canonicalHash: undefined }
    throw error
  }
}

/**
 * Verifier side of Ethereum light-client finality for one origin: consumes
 * the updates the watcher's feeder publishes (its own durable
 * `beacon_<origin>` on `catalogue.subjects.finality(origin)`), validates and
 * applies them with the sync-committee light client (altair
 * `process_light_client_update`), persists the store in `finality_states`
 * (compare-and-set of a journal delta, a whole snapshot every
 * `FINALITY_SNAPSHOT_EVERY` (`saveFinalityStore`); on a lost race it reloads and applies again) and answers
 * `check` from it. A refused update (bad signature, rotated-out committee,
 * wrong branch, ...) is dead-lettered with its reason code and changes nothing.
 */
export async function startBeaconFinality(
  deps: BeaconFinalityDeps,
  p: StartBeaconFinalityParameters,
): Promise<{ provider: FinalityProvider; done: Promise<void> }> {
  const { chain } = deps
  const context = createBeaconContext(p.config)
  const gvr = genesisValidatorsRootOf(p.config)
  const holder = createFinalityStoreHolder({
    load: () => loadStore(deps.db, context, p),
    readVersion: () => getFinalityVersion(deps.db, { chain: p.origin, client: BEACON_CLIENT }),
  })
  const consumer = deps.catalogue.finalityConsumer('beacon', String(p.origin))
  await setUpConsumer(deps, { stream: deps.catalogue.streams.bundles.name, spec: consumer, signal: p.signal })
  const done = consume(deps.bus, {
    stream: deps.catalogue.streams.bundles.name,
    consumer: consumer.durable,
    codec: beaconUpdateCodec,
    deadLetterSubject: deps.catalogue.subjects.deadLetter('finality'),
    onDeadLetter: async ({ data: _data, ...entry }) => {
      await recordRejections(deps.db, [
        { stage: 'finality', reasonCode: toReasonCode(entry.reasonCode), origin: p.origin, details: entry },
      ])
    },
    batch: 16,
    signal: p.signal,
    logger: deps.logger.child({ module: 'beacon-finality', origin: p.origin }),
    handler: createBeaconUpdateHandler(
      { genesisValidatorsRoot: gvr, context },
      {
        holder,
        saveStore: ({ loaded, store, slot, applied }) =>
          saveFinalityStore(deps.db, {
            chain: p.origin,
            client: BEACON_CLIENT,
            loaded,
            store,
            finalizedBlock: finalizedBlockOf(store),
            snapshot: () => encodeBeaconStore(context, store),
            delta: () => encodeBeaconDelta({ slot, updates: applied }),
          }),
        currentSlot: () => currentSlot(p.config, chain, deps.clock.now()),
      },
    ),
  }).then(() => undefined)
  const provider: FinalityProvider = {
    async check(block) {
      // Another replica may have moved the store: the holder compares versions and reads the state only when it moved.
      const held = await holder.fresh()
      if (!held) return { status: 'pending', reason: 'light client not bootstrapped yet' }
      return beaconFinalityStatus(held.store, chain, block)
    },
  }
  return { provider, done }
}
