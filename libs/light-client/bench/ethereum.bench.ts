/**
 * `npm run bench:verify:eth`: Ethereum light-client updates per second on
 * one thread, with the sync committee's public keys decoded once and
 * cached (real mainnet data, 512-member committee, Capella).
 *
 * - full update: validate_light_client_update + apply (SSZ hashing of the
 *   512-key next committee, three Merkle branches, BLS aggregate verify)
 * - finality update: no next committee to hash (the steady-state case)
 * - BLS only: FastAggregateVerify over the participants' cached keys
 * - cold: the first update of a committee, decoding its 512 keys
 */
import { performance } from 'node:perf_hooks'
import { createEthereumLightClientContext } from '../src/ethereum/EthereumLightClientContext.js'
import { lightClientDataFromJson } from '../src/ethereum/decodeLightClientData.js'
import { fastAggregateVerify } from '../src/ethereum/fastAggregateVerify.js'
import { initializeLightClientStore } from '../src/ethereum/initializeLightClientStore.js'
import type { LightClientStore } from '../src/ethereum/LightClientStore.js'
import type { LightClientUpdate } from '../src/ethereum/lightClientTypes.js'
import { processLightClientUpdate } from '../src/ethereum/processLightClientUpdate.js'
import { computeSigningRoot, computeSyncCommitteeDomain, signingForkOf } from '../src/ethereum/verifySyncAggregate.js'
import {
  MAINNET_GENESIS_VALIDATORS_ROOT as gvr,
  MAINNET_TRUSTED_BLOCK_ROOT,
  mainnetConfig,
  readHelios,
} from '../src/ethereum/testing/mainnetVectors.js'

const SECONDS = Number(process.argv[2] ?? 2)
const context = createEthereumLightClientContext(mainnetConfig())
const { LightClientUpdate: UpdateType } = context.types.latest

/** Runs `fn(i)` for about SECONDS and returns calls per second. */
function rate(fn: (i: number) => void): { perSecond: number; n: number } {
  for (let i = 0; i < 3; i++) fn(i) // warm-up
  const start = performance.now()
  let n = 0
  while (performance.now() - start < SECONDS * 1000) fn(n++)
  return { perSecond: (n * 1000) / (performance.now() - start), n }
}

/** Fresh decoded copies, so no SSZ root cached on an object is reused across iterations. */
function copies(update: LightClientUpdate, count: number): LightClientUpdate[] {
  const bytes = UpdateType.serialize(update)
  return Array.from({ length: count }, () => UpdateType.deserialize(bytes))
}

const bootstrap = lightClientDataFromJson(context.types, 'bootstrap', readHelios('bootstrap.json'))
const updates = readHelios<{ version: string; data: unknown }[]>('updates.json').map((json) =>
  lightClientDataFromJson(context.types, 'update', json),
)
const [u0, u1] = updates as [LightClientUpdate, LightClientUpdate] // reason: six updates in the vector
let store: LightClientStore = initializeLightClientStore(MAINNET_TRUSTED_BLOCK_ROOT, bootstrap, context)
store = processLightClientUpdate(store, u0, u0.signatureSlot, gvr, context)

const rows: [string, string][] = []
const report = (name: string, r: { perSecond: number; n: number }) =>
  rows.push([name, `${r.perSecond.toFixed(0)}/s (${(1000 / r.perSecond).toFixed(2)} ms, n=${r.n})`])

{
  const pool = copies(u1, 256)
  const participants = u1.syncAggregate.syncCommitteeBits.getTrueBitIndexes().length
  report(
    `full update (next committee + finality, ${participants}/512 signers)`,
    rate((i) =>
      processLightClientUpdate(store, pool[i % pool.length] as LightClientUpdate, u1.signatureSlot, gvr, context),
    ),
  )
}

{
  let synced = store
  for (const update of updates.slice(1))
    synced = processLightClientUpdate(synced, update, update.signatureSlot, gvr, context)
  const finality = lightClientDataFromJson(context.types, 'finality_update', readHelios('finality.json'))
  const pool = copies(finality, 256)
  report(
    'finality update (no next committee)',
    rate((i) =>
      processLightClientUpdate(
        synced,
        pool[i % pool.length] as LightClientUpdate,
        finality.signatureSlot,
        gvr,
        context,
      ),
    ),
  )
}

{
  const keys = context.keyCache.get(store.nextSyncCommittee)
  const participants = u1.syncAggregate.syncCommitteeBits
    .getTrueBitIndexes()
    .map((i) => keys[i])
    .filter((k) => k !== null && k !== undefined)
  const domain = computeSyncCommitteeDomain(signingForkOf(context, u1.signatureSlot).version, gvr)
  const root = computeSigningRoot(u1, domain)
  report(
    `BLS FastAggregateVerify only (${participants.length} cached keys)`,
    rate(() => {
      if (!fastAggregateVerify(participants, root, u1.syncAggregate.syncCommitteeSignature))
        throw new Error('bench signature must verify')
    }),
  )
}

{
  const pool = copies(u1, 8)
  report(
    'cold: first update of a committee (decode 512 keys)',
    rate((i) => {
      const fresh = createEthereumLightClientContext(context.config)
      const clone = {
        ...store,
        nextSyncCommittee: context.types.SyncCommittee.deserialize(
          context.types.SyncCommittee.serialize(store.nextSyncCommittee),
        ),
      }
      processLightClientUpdate(clone, pool[i % pool.length] as LightClientUpdate, u1.signatureSlot, gvr, fresh)
    }),
  )
}

console.log(
  `bench:verify:eth — Ethereum light client, mainnet preset, one thread (${SECONDS}s per row, node ${process.version})`,
)
for (const [name, value] of rows) console.log(`  ${name.padEnd(62)} ${value}`)
