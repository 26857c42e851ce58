/**
 * Conformance: consensus-spec-tests `light_client/sync` for every fork in
 * /work/shared/vectors/eth-lc/minimal (format: consensus-specs
 * `tests/formats/light_client/sync.md`). Runs under the default (mainnet)
 * Lodestar preset on purpose: the lib carries its preset in its config.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { createEthereumLightClientContext, type EthereumLightClientContext } from './EthereumLightClientContext.js'
import { decodeLightClientData } from './decodeLightClientData.js'
import { initializeLightClientStore } from './initializeLightClientStore.js'
import { getLcExecutionRoot, hashBeaconHeader } from './lightClientHeader.js'
import type { LightClientStore } from './LightClientStore.js'
import type { LightClientHeader } from './lightClientTypes.js'
import { processLightClientStoreForceUpdate, processLightClientUpdate } from './processLightClientUpdate.js'
import {
  forkOfDigest,
  fromHex,
  hex,
  listDirs,
  loadCaseConfig,
  MINIMAL,
  readSszSnappy,
  readYaml,
  vectorForks,
  type CaseConfig,
} from './testing/specVectors.js'

type HeaderCheck = { slot: number; beacon_root: string; execution_root?: string }
type Checks = { finalized_header: HeaderCheck; optimistic_header: HeaderCheck }
type Step =
  | { process_update: { update_fork_digest: string; update: string; current_slot: number; checks: Checks } }
  | { force_update: { current_slot: number; checks: Checks } }
  | { upgrade_store: { store_fork_digest: string; checks: Checks } }
type Meta = {
  genesis_validators_root: string
  trusted_block_root: string
  bootstrap_fork_digest: string
  store_fork_digest: string
}

const counts = new Map<string, { cases: number; steps: number }>()

function checkHeader(
  context: EthereumLightClientContext,
  header: LightClientHeader,
  expected: HeaderCheck,
  what: string,
): void {
  assert.equal(header.beacon.slot, expected.slot, `${what} slot`)
  assert.equal(hex(hashBeaconHeader(header)), expected.beacon_root, `${what} beacon_root`)
  if (expected.execution_root !== undefined)
    assert.equal(hex(getLcExecutionRoot(context.config, header)), expected.execution_root, `${what} execution_root`)
}

function checkStore(context: EthereumLightClientContext, store: LightClientStore, checks: Checks, at: string): void {
  checkHeader(context, store.finalizedHeader, checks.finalized_header, `${at}: finalized_header`)
  checkHeader(context, store.optimisticHeader, checks.optimistic_header, `${at}: optimistic_header`)
}

function runStep(
  dir: string,
  caseConfig: CaseConfig,
  context: EthereumLightClientContext,
  store: LightClientStore,
  step: Step,
  gvr: Uint8Array,
  at: string,
) {
  if ('process_update' in step) {
    const { update_fork_digest, update, current_slot, checks } = step.process_update
    const fork = forkOfDigest(caseConfig, update_fork_digest)
    const decoded = decodeLightClientData(
      context.types,
      fork,
      'update',
      readSszSnappy(join(dir, `${update}.ssz_snappy`)),
    )
    const next = processLightClientUpdate(store, decoded, current_slot, gvr, context)
    checkStore(context, next, checks, at)
    return next
  }
  if ('force_update' in step) {
    const next = processLightClientStoreForceUpdate(store, step.force_update.current_slot, context)
    checkStore(context, next, step.force_update.checks, at)
    return next
  }
  // upgrade_store: the store is always held in the latest fork's shapes
  // (electra `light-client/fork.md` upgrades are applied to every object on
  // the way in), so upgrading is the identity; its checks still run.
  forkOfDigest(caseConfig, step.upgrade_store.store_fork_digest)
  checkStore(context, store, step.upgrade_store.checks, at)
  return store
}

function runSyncCase(fork: string, name: string): void {
  const dir = join(MINIMAL, fork, 'light_client/sync/pyspec_tests', name)
  const meta = readYaml<Meta>(join(dir, 'meta.yaml'))
  const gvr = fromHex(meta.genesis_validators_root)
  const caseConfig = loadCaseConfig(dir, gvr)
  const context = createEthereumLightClientContext(caseConfig.config)
  const bootstrapFork = forkOfDigest(caseConfig, meta.bootstrap_fork_digest)
  forkOfDigest(caseConfig, meta.store_fork_digest)
  const bootstrap = decodeLightClientData(
    context.types,
    bootstrapFork,
    'bootstrap',
    readSszSnappy(join(dir, 'bootstrap.ssz_snappy')),
  )
  let store = initializeLightClientStore(fromHex(meta.trusted_block_root), bootstrap, context)
  const steps = readYaml<Step[]>(join(dir, 'steps.yaml'))
  steps.forEach((step, i) => {
    store = runStep(dir, caseConfig, context, store, step, gvr, `step ${i} (${Object.keys(step)[0]})`)
  })
  const count = counts.get(fork) ?? { cases: 0, steps: 0 }
  counts.set(fork, { cases: count.cases + 1, steps: count.steps + steps.length })
}

const forks = vectorForks()

describe('consensus-spec-tests minimal light_client/sync', () => {
  it('finds the vectors (every fork of eth-lc/minimal)', () => {
    assert.deepEqual(forks, ['altair', 'bellatrix', 'capella', 'deneb', 'electra', 'fulu'])
  })
  for (const fork of forks) {
    describe(fork, () => {
      for (const name of listDirs(join(MINIMAL, fork, 'light_client/sync/pyspec_tests'))) {
        it(name, () => runSyncCase(fork, name))
      }
    })
  }
  after(() => {
    for (const [fork, { cases, steps }] of counts) console.log(`# sync ${fork}: ${cases} cases, ${steps} steps passed`)
  })
})
