/**
 * Every Ethereum rejection code, fed the bad input it names: real mainnet
 * updates (helios data) mutated one field at a time, and minimal-preset
 * spec-test updates re-signed with the interop keys where a new signature
 * is needed (wrong fork domain, low participation).
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { before, describe, it } from 'node:test'
import { createEthereumLightClientContext } from './EthereumLightClientContext.js'
import { decodeLightClientData, lightClientDataFromJson } from './decodeLightClientData.js'
import { getFinalizedExecution } from './getFinalizedExecution.js'
import { initializeLightClientStore } from './initializeLightClientStore.js'
import type { LightClientStore } from './LightClientStore.js'
import type { LightClientBootstrap, LightClientUpdate } from './lightClientTypes.js'
import { processLightClientUpdate } from './processLightClientUpdate.js'
import { isLightClientError } from './testing/assertCode.js'
import {
  MAINNET_GENESIS_VALIDATORS_ROOT as gvr,
  MAINNET_TRUSTED_BLOCK_ROOT,
  mainnetConfig,
  readHelios,
} from './testing/mainnetVectors.js'
import { committeeSecretKeys, resignUpdate } from './testing/minimalSigner.js'
import { forkOfDigest, fromHex, loadCaseConfig, MINIMAL, readSszSnappy, readYaml } from './testing/specVectors.js'

const context = createEthereumLightClientContext(mainnetConfig())
// A deep copy: ssz's `clone` shares the byte arrays, and these tests flip bytes in place.
const { LightClientUpdate: UpdateType, LightClientBootstrap: BootstrapType } = context.types.latest
const clone = (update: LightClientUpdate): LightClientUpdate => UpdateType.deserialize(UpdateType.serialize(update))
const cloneBootstrap = (b: LightClientBootstrap): LightClientBootstrap =>
  BootstrapType.deserialize(BootstrapType.serialize(b))
const flip = (bytes: Uint8Array, at = 0): void => {
  bytes[at] = (bytes[at] as number) ^ 0x01 // reason: at < bytes.length in every call below
}

let bootstrap: LightClientBootstrap
let updates: LightClientUpdate[]
let store0: LightClientStore // bootstrap, period 862, next committee unknown
let store1: LightClientStore // + update 0: next committee (863) known

function process(
  store: LightClientStore,
  update: LightClientUpdate,
  currentSlot = update.signatureSlot,
): LightClientStore {
  return processLightClientUpdate(store, update, currentSlot, gvr, context)
}

before(() => {
  bootstrap = lightClientDataFromJson(context.types, 'bootstrap', readHelios('bootstrap.json'))
  updates = readHelios<{ version: string; data: unknown }[]>('updates.json').map((json) =>
    lightClientDataFromJson(context.types, 'update', json),
  )
  store0 = initializeLightClientStore(MAINNET_TRUSTED_BLOCK_ROOT, bootstrap, context)
  store1 = process(store0, updates[0] as LightClientUpdate) // reason: six updates in the vector
})

const u = (i: number): LightClientUpdate => clone(updates[i] as LightClientUpdate) // reason: i < 6

describe('Ethereum light client rejections (mainnet data)', () => {
  it('the unmutated update is accepted (control)', () => {
    assert.equal(process(store1, u(1)).finalizedHeader.beacon.slot, 7070047)
  })

  it('LC_BAD_SIGNATURE: a flipped signature byte', () => {
    const update = u(1)
    flip(update.syncAggregate.syncCommitteeSignature, 50)
    assert.throws(() => process(store1, update), isLightClientError('LC_BAD_SIGNATURE'))
  })

  it('LC_BAD_SIGNATURE: one participation bit dropped (the aggregate no longer matches)', () => {
    const update = u(1)
    const bits = update.syncAggregate.syncCommitteeBits
    bits.set(bits.getTrueBitIndexes()[0] as number, false) // reason: the update has participants
    assert.throws(() => process(store1, update), isLightClientError('LC_BAD_SIGNATURE'))
  })

  it('LC_BAD_SIGNATURE: a different attested header under the same signature', () => {
    const update = u(1)
    update.attestedHeader.beacon.proposerIndex += 1
    assert.throws(() => process(store1, update), isLightClientError('LC_BAD_SIGNATURE'))
  })

  it('LC_BAD_SIGNATURE: the right committee keys but another chain (genesis validators root)', () => {
    assert.throws(
      () => processLightClientUpdate(store1, u(1), updates[1]!.signatureSlot, new Uint8Array(32), context),
      isLightClientError('LC_BAD_SIGNATURE'),
    )
  })

  it('LC_INSUFFICIENT_PARTICIPATION: no participation bits', () => {
    const update = u(1)
    for (const i of update.syncAggregate.syncCommitteeBits.getTrueBitIndexes())
      update.syncAggregate.syncCommitteeBits.set(i, false)
    assert.throws(() => process(store1, update), isLightClientError('LC_INSUFFICIENT_PARTICIPATION'))
  })

  it('LC_INVALID_FINALITY_BRANCH: a flipped branch node, a padding node set, a different finalized header', () => {
    const branch = u(1)
    flip(branch.finalityBranch[6] as Uint8Array)
    assert.throws(() => process(store1, branch), isLightClientError('LC_INVALID_FINALITY_BRANCH'))
    const padding = u(1)
    flip(padding.finalityBranch[0] as Uint8Array) // Capella data: the electra-length branch's first node must stay zero
    assert.throws(() => process(store1, padding), isLightClientError('LC_INVALID_FINALITY_BRANCH'))
    const header = u(1)
    header.finalizedHeader.beacon.proposerIndex += 1
    assert.throws(() => process(store1, header), isLightClientError('LC_INVALID_FINALITY_BRANCH'))
  })

  it('LC_INVALID_NEXT_SYNC_COMMITTEE_BRANCH: a flipped branch node, a swapped member', () => {
    const branch = u(1)
    flip(branch.nextSyncCommitteeBranch[3] as Uint8Array)
    assert.throws(() => process(store1, branch), isLightClientError('LC_INVALID_NEXT_SYNC_COMMITTEE_BRANCH'))
    const member = u(1)
    member.nextSyncCommittee.pubkeys[7] = member.nextSyncCommittee.pubkeys[8] as Uint8Array // reason: 512 members
    assert.throws(() => process(store1, member), isLightClientError('LC_INVALID_NEXT_SYNC_COMMITTEE_BRANCH'))
  })

  it('LC_INVALID_EXECUTION_BRANCH: attested branch flipped; finalized receiptsRoot forged', () => {
    const attested = u(1)
    flip(attested.attestedHeader.executionBranch[2] as Uint8Array)
    assert.throws(() => process(store1, attested), isLightClientError('LC_INVALID_EXECUTION_BRANCH'))
    const forged = u(1)
    forged.finalizedHeader.execution.receiptsRoot = new Uint8Array(32).fill(0xab)
    assert.throws(() => process(store1, forged), isLightClientError('LC_INVALID_EXECUTION_BRANCH'))
  })

  it('LC_UNKNOWN_SYNC_COMMITTEE: next committee not learned yet, a skipped period, a rotated-out committee', () => {
    assert.throws(() => process(store0, u(1)), isLightClientError('LC_UNKNOWN_SYNC_COMMITTEE'))
    assert.throws(() => process(store1, u(2)), isLightClientError('LC_UNKNOWN_SYNC_COMMITTEE'))
    const store3 = process(process(store1, u(1)), u(2)) // now in period 864
    assert.throws(
      () => process(store3, u(1), updates[2]!.signatureSlot),
      isLightClientError('LC_UNKNOWN_SYNC_COMMITTEE'),
    )
  })

  it('LC_STALE_UPDATE: the same update twice; signed after the current slot; slots out of order', () => {
    // store1 already applied update 0 (attested before the bootstrap's finalized slot, same period)
    assert.throws(() => process(store1, u(0)), isLightClientError('LC_STALE_UPDATE'))
    assert.throws(() => process(store1, u(1), updates[1]!.signatureSlot - 1), isLightClientError('LC_STALE_UPDATE'))
    const disorder = u(1)
    disorder.signatureSlot = disorder.attestedHeader.beacon.slot
    assert.throws(() => process(store1, disorder), isLightClientError('LC_STALE_UPDATE'))
  })

  it('a rejected update leaves the store as it was (functions return new stores)', () => {
    const snapshot = structuredClone(store1)
    const update = u(1)
    flip(update.syncAggregate.syncCommitteeSignature, 50)
    assert.throws(() => process(store1, update))
    assert.deepEqual(structuredClone(store1), snapshot) // structuredClone drops ssz's cached-root symbols on both sides
  })

  it('LC_INVALID_BOOTSTRAP: another trusted root, a broken committee branch, a swapped member', () => {
    assert.throws(
      () => initializeLightClientStore(new Uint8Array(32), bootstrap, context),
      isLightClientError('LC_INVALID_BOOTSTRAP'),
    )
    const branch = cloneBootstrap(bootstrap)
    flip(branch.currentSyncCommitteeBranch[2] as Uint8Array)
    assert.throws(
      () => initializeLightClientStore(MAINNET_TRUSTED_BLOCK_ROOT, branch, context),
      isLightClientError('LC_INVALID_BOOTSTRAP'),
    )
    const member = cloneBootstrap(bootstrap)
    member.currentSyncCommittee.pubkeys[0] = member.currentSyncCommittee.pubkeys[1] as Uint8Array // reason: 512 members
    assert.throws(
      () => initializeLightClientStore(MAINNET_TRUSTED_BLOCK_ROOT, member, context),
      isLightClientError('LC_INVALID_BOOTSTRAP'),
    )
  })

  it('LC_MALFORMED_INPUT / LC_WRONG_FORK_OR_DOMAIN: bytes that do not decode; an unknown fork name', () => {
    assert.throws(
      () => decodeLightClientData(context.types, 'capella', 'update', new Uint8Array(100)),
      isLightClientError('LC_MALFORMED_INPUT'),
    )
    assert.throws(
      () => lightClientDataFromJson(context.types, 'update', { version: 'capella', data: {} }),
      isLightClientError('LC_MALFORMED_INPUT'),
    )
    assert.throws(
      () => lightClientDataFromJson(context.types, 'update', { version: 'shanghai', data: {} }),
      isLightClientError('LC_WRONG_FORK_OR_DOMAIN'),
    )
  })
})

describe('Ethereum light client rejections (minimal preset, re-signed with the interop keys)', () => {
  const dir = join(MINIMAL, 'capella/light_client/sync/pyspec_tests/light_client_sync')
  const meta = readYaml<{ genesis_validators_root: string; trusted_block_root: string }>(join(dir, 'meta.yaml'))
  const steps = readYaml<{ process_update?: { update: string; update_fork_digest: string; current_slot: number } }[]>(
    join(dir, 'steps.yaml'),
  )
  const minimalGvr = fromHex(meta.genesis_validators_root)
  const caseConfig = loadCaseConfig(dir, minimalGvr)
  const minimal = createEthereumLightClientContext(caseConfig.config)
  // reason: the case starts with an update
  const step = steps[0]?.process_update as NonNullable<(typeof steps)[number]['process_update']>
  const update = decodeLightClientData(
    minimal.types,
    forkOfDigest(caseConfig, step.update_fork_digest),
    'update',
    readSszSnappy(join(dir, `${step.update}.ssz_snappy`)),
  )
  const store = initializeLightClientStore(
    fromHex(meta.trusted_block_root),
    decodeLightClientData(minimal.types, 'capella', 'bootstrap', readSszSnappy(join(dir, 'bootstrap.ssz_snappy'))),
    minimal,
  )
  const keys = committeeSecretKeys(store.currentSyncCommittee)
  // reason: the config names every fork
  const version = (name: string) => minimal.config.forks.find((f) => f.name === name)?.version as Uint8Array

  it('re-signing with the capella domain reproduces a valid update (control)', () => {
    const resigned = resignUpdate(update, keys, version('capella'), minimalGvr)
    assert.equal(
      processLightClientUpdate(store, resigned, step.current_slot, minimalGvr, minimal).finalizedHeader.beacon.slot,
      24,
    )
  })

  it('LC_WRONG_FORK_OR_DOMAIN: signed with the bellatrix fork version at a capella slot', () => {
    const resigned = resignUpdate(update, keys, version('bellatrix'), minimalGvr)
    assert.throws(
      () => processLightClientUpdate(store, resigned, step.current_slot, minimalGvr, minimal),
      isLightClientError('LC_WRONG_FORK_OR_DOMAIN'),
    )
  })

  it('participation below 2/3: valid, kept as best update, but finality does not move (the block stays pending)', () => {
    const low = minimal.types.latest.LightClientUpdate.deserialize(
      minimal.types.latest.LightClientUpdate.serialize(update),
    )
    const bits = low.syncAggregate.syncCommitteeBits
    for (const i of bits.getTrueBitIndexes().slice(0, 12)) bits.set(i, false) // 32 -> 20 participants < 2/3 of 32
    const resigned = resignUpdate(low, keys, version('capella'), minimalGvr)
    const next = processLightClientUpdate(store, resigned, step.current_slot, minimalGvr, minimal)
    assert.equal(next.finalizedHeader.beacon.slot, store.finalizedHeader.beacon.slot)
    assert.notEqual(next.bestValidUpdate, null)
    const { blockNumber, blockHash } = update.finalizedHeader.execution
    assert.equal(
      getFinalizedExecution(next, { blockNumber, blockHash: `0x${Buffer.from(blockHash).toString('hex')}` }).status,
      'pending',
    )
  })
})
