/**
 * Finality learned through a forced update. The attack, with
 * the minimal preset's interop keys: one honest committee member signs a
 * made-up attested header whose state holds an attacker's next sync
 * committee; `process_light_client_store_force_update` promotes it after
 * UPDATE_TIMEOUT and the store learns that committee; a regular update the
 * attacker's committee signs then "finalizes" any execution block. Both
 * steps are valid by the spec; relaymesh must not answer that block final
 * until the store is re-anchored on a trusted checkpoint.
 */
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { digest64 } from '@chainsafe/persistent-merkle-tree'
import { createEthereumLightClientContext } from './EthereumLightClientContext.js'
import { decodeLightClientData } from './decodeLightClientData.js'
import { getFinalizedExecution } from './getFinalizedExecution.js'
import { gindexAtSlot, initializeLightClientStore } from './initializeLightClientStore.js'
import { getLcExecutionRoot, hashBeaconHeader } from './lightClientHeader.js'
import { isForcedStore, type FinalizedExecution } from './LightClientStore.js'
import type { LightClientHeader, LightClientUpdate, SyncCommittee } from './lightClientTypes.js'
import { GINDEX, gindexDepth, subtreeIndex } from './merkleBranch.js'
import { processLightClientStoreForceUpdate, processLightClientUpdate } from './processLightClientUpdate.js'
import { reanchorLightClientStore } from './reanchorLightClientStore.js'
import { isLightClientError } from './testing/assertCode.js'
import { committeeSecretKeys, resignUpdate, secretKey } from './testing/minimalSigner.js'
import { forkOfDigest, fromHex, hex, loadCaseConfig, MINIMAL, readSszSnappy, readYaml } from './testing/specVectors.js'

const dir = join(MINIMAL, 'capella/light_client/sync/pyspec_tests/light_client_sync')
const meta = readYaml<{ genesis_validators_root: string; trusted_block_root: string }>(join(dir, 'meta.yaml'))
const steps = readYaml<{ process_update?: { update: string; update_fork_digest: string; current_slot: number } }[]>(
  join(dir, 'steps.yaml'),
)
const gvr = fromHex(meta.genesis_validators_root)
const caseConfig = loadCaseConfig(dir, gvr)
const context = createEthereumLightClientContext(caseConfig.config)
const { LightClientUpdate: UpdateType } = context.types.latest
const trustedRoot = fromHex(meta.trusted_block_root)
const bootstrap = decodeLightClientData(
  context.types,
  'capella',
  'bootstrap',
  readSszSnappy(join(dir, 'bootstrap.ssz_snappy')),
)
// reason: the case starts with an update
const step = steps[0]?.process_update as NonNullable<(typeof steps)[number]['process_update']>
const realUpdate = decodeLightClientData(
  context.types,
  forkOfDigest(caseConfig, step.update_fork_digest),
  'update',
  readSszSnappy(join(dir, `${step.update}.ssz_snappy`)),
)
// reason: the case config names capella
const capella = caseConfig.config.forks.find((f) => f.name === 'capella')?.version as Uint8Array

/**
 * The root that `branch` proves `leaf` under at `gindex` (phase0 `is_valid_merkle_branch` run forwards), branch padded
 * as the store's shapes are.
 */
function rootOf(leaf: Uint8Array, gindex: number, length: number): { root: Uint8Array; branch: Uint8Array[] } {
  const depth = gindexDepth(gindex)
  const siblings = Array.from({ length: depth }, (_, i) => new Uint8Array(32).fill(i + 1))
  let value = leaf
  for (let i = 0; i < depth; i++) {
    const sibling = siblings[i] as Uint8Array // reason: i < depth
    value = Math.floor(subtreeIndex(gindex) / 2 ** i) % 2 === 1 ? digest64(sibling, value) : digest64(value, sibling)
  }
  return { root: value, branch: [...Array.from({ length: length - depth }, () => new Uint8Array(32)), ...siblings] }
}

/** A made-up beacon header at `slot` whose execution payload (block `blockNumber`) is validly under its body root. */
function madeUpHeader(slot: number, blockNumber: number, stateRoot: Uint8Array): LightClientHeader {
  const execution = {
    ...realUpdate.attestedHeader.execution,
    blockNumber,
    blockHash: new Uint8Array(32).fill(blockNumber % 256),
  }
  const header: LightClientHeader = {
    beacon: { slot, proposerIndex: 7, parentRoot: new Uint8Array(32), stateRoot, bodyRoot: new Uint8Array(32) },
    execution,
    executionBranch: realUpdate.attestedHeader.executionBranch,
  }
  const body = rootOf(
    getLcExecutionRoot(context.config, header),
    GINDEX.executionPayload,
    realUpdate.attestedHeader.executionBranch.length,
  )
  return { ...header, beacon: { ...header.beacon, bodyRoot: body.root }, executionBranch: body.branch }
}

// The attacker's committee: 32 interop keys no honest member holds (the spec's committees come from the first 64
// validators).
const attackerKeys = Array.from({ length: 32 }, (_, i) => secretKey(1001 + i))
const attackerCommittee: SyncCommittee = {
  pubkeys: attackerKeys.map((sk) => sk.toPublicKey().toBytes()),
  // reason: 32 keys; the light client verifies member keys, not this field
  aggregatePubkey: attackerKeys[0]?.toPublicKey().toBytes() as Uint8Array,
}

function bits(participants: number[]): LightClientUpdate['syncAggregate']['syncCommitteeBits'] {
  const out = UpdateType.deserialize(UpdateType.serialize(realUpdate)).syncAggregate.syncCommitteeBits
  for (let i = 0; i < out.bitLen; i++) out.set(i, participants.includes(i))
  return out
}

/** Step 1: a made-up attested header at slot 40 carrying the attacker's committee, signed by one honest member. */
function forgedCommitteeUpdate(): LightClientUpdate {
  const empty = UpdateType.defaultValue()
  const state = rootOf(
    context.types.SyncCommittee.hashTreeRoot(attackerCommittee),
    gindexAtSlot(context, 'nextSyncCommittee', 40),
    empty.nextSyncCommitteeBranch.length,
  )
  const update: LightClientUpdate = {
    ...empty,
    attestedHeader: madeUpHeader(40, 9_000_040, state.root),
    nextSyncCommittee: attackerCommittee,
    nextSyncCommitteeBranch: state.branch,
    syncAggregate: { syncCommitteeBits: bits([0]), syncCommitteeSignature: new Uint8Array(96) },
    signatureSlot: 41,
  }
  return resignUpdate(update, committeeSecretKeys(bootstrap.currentSyncCommittee), capella, gvr)
}

/**
 * Step 2: a regular finality update in the next period, signed by the whole attacker committee, finalizing block
 * 9_000_064.
 */
function attackerFinalityUpdate(): LightClientUpdate {
  const empty = UpdateType.defaultValue()
  const finalizedHeader = madeUpHeader(64, 9_000_064, new Uint8Array(32).fill(0x64))
  const state = rootOf(
    hashBeaconHeader(finalizedHeader),
    gindexAtSlot(context, 'finalizedRoot', 70),
    empty.finalityBranch.length,
  )
  const update: LightClientUpdate = {
    ...empty,
    attestedHeader: madeUpHeader(70, 9_000_070, state.root),
    finalizedHeader,
    finalityBranch: state.branch,
    syncAggregate: {
      syncCommitteeBits: bits(Array.from({ length: 32 }, (_, i) => i)),
      syncCommitteeSignature: new Uint8Array(96),
    },
    signatureSlot: 71,
  }
  return resignUpdate(update, attackerKeys, capella, gvr)
}

const blockHashOf = (header: LightClientHeader) => hex(header.execution.blockHash) as `0x${string}`

describe('Ethereum light client: finality learned through a forced update (minimal preset, interop keys)', () => {
  const anchored = initializeLightClientStore(trustedRoot, bootstrap, context)
  const forged = forgedCommitteeUpdate()
  const attack = attackerFinalityUpdate()
  const forceSlot = anchored.finalizedHeader.beacon.slot + context.config.updateTimeout + 1
  const afterBest = processLightClientUpdate(anchored, forged, 41, gvr, context)
  const forced = processLightClientStoreForceUpdate(afterBest, forceSlot, context)

  it('one honest signature makes a valid update, kept as best (1 of 32 cannot finalize)', () => {
    assert.equal(afterBest.finalizedHeader.beacon.slot, anchored.finalizedHeader.beacon.slot)
    assert.equal(afterBest.bestValidUpdate, forged)
    assert.equal(isForcedStore(afterBest), false)
  })

  it('the forced update installs the attacker committee, and the store is marked forced from its slot', () => {
    assert.equal(forced.finalizedHeader.beacon.slot, 40)
    assert.ok(context.types.SyncCommittee.equals(forced.nextSyncCommittee, attackerCommittee))
    assert.equal(forced.forcedSinceSlot, 40)
    const { blockNumber } = forced.finalizedHeader.execution
    assert.deepEqual(
      getFinalizedExecution(forced, { blockNumber, blockHash: blockHashOf(forced.finalizedHeader) }).status,
      'pending',
    )
  })

  it('a regular supermajority update by the learned committee is applied, but its finalized block stays pending', () => {
    const next = processLightClientUpdate(forced, attack, 71, gvr, context)
    assert.equal(next.finalizedHeader.beacon.slot, 64, 'the spec applies it: 32 of 32 signed a finality branch')
    assert.ok(context.types.SyncCommittee.equals(next.currentSyncCommittee, attackerCommittee))
    assert.equal(isForcedStore(next), true)
    assert.deepEqual(
      next.finalizedExecutions.map((e) => e.source),
      ['bootstrap', 'forced', 'forced'],
    )
    const answer = getFinalizedExecution(next, {
      blockNumber: 9_000_064,
      blockHash: blockHashOf(attack.finalizedHeader),
    })
    assert.deepEqual(answer, { status: 'pending', finalizedBlockNumber: anchored.finalizedExecutions[0]?.blockNumber })
  })

  it('without the forced update the same attacker update is refused (the committee is unknown)', () => {
    assert.throws(
      () => processLightClientUpdate(afterBest, attack, 71, gvr, context),
      isLightClientError('LC_UNKNOWN_SYNC_COMMITTEE'),
    )
  })

  it('re-anchored on a trusted checkpoint: the attacker committee and blocks are gone, real updates finalize again', () => {
    const next = processLightClientUpdate(forced, attack, 71, gvr, context)
    const reanchored = reanchorLightClientStore(next, trustedRoot, bootstrap, context)
    assert.equal(isForcedStore(reanchored), false)
    assert.ok(!context.types.SyncCommittee.equals(reanchored.currentSyncCommittee, attackerCommittee))
    assert.deepEqual(
      reanchored.finalizedExecutions.map((e) => e.source),
      ['bootstrap'],
    )
    assert.equal(
      getFinalizedExecution(reanchored, { blockNumber: 9_000_064, blockHash: blockHashOf(attack.finalizedHeader) })
        .status,
      'pending',
    )
    const real = processLightClientUpdate(reanchored, realUpdate, step.current_slot, gvr, context)
    const { blockNumber } = realUpdate.finalizedHeader.execution
    assert.equal(
      getFinalizedExecution(real, { blockNumber, blockHash: blockHashOf(realUpdate.finalizedHeader) }).status,
      'final',
    )
  })

  it('re-anchoring keeps what was final before the checkpoint (forced entries stay not-final) and refuses an untrusted root', () => {
    // reason: a capella bootstrap carries an execution header
    const checkpoint = anchored.finalizedExecutions[0] as FinalizedExecution
    const older = (blockNumber: number, source: FinalizedExecution['source']): FinalizedExecution => ({
      ...checkpoint,
      blockNumber,
      blockHash: `0x${blockNumber.toString(16).padStart(64, '0')}`,
      source,
    })
    const history = [
      older(checkpoint.blockNumber - 20, 'finality'),
      older(checkpoint.blockNumber - 10, 'forced'),
      checkpoint,
      older(checkpoint.blockNumber + 10, 'forced'),
    ]
    const reanchored = reanchorLightClientStore(
      { ...forced, finalizedExecutions: history },
      trustedRoot,
      bootstrap,
      context,
    )
    assert.deepEqual(
      reanchored.finalizedExecutions.map((e) => [e.blockNumber - checkpoint.blockNumber, e.source]),
      [
        [-20, 'finality'],
        [-10, 'forced'],
        [0, 'bootstrap'],
      ],
    )
    assert.equal(
      getFinalizedExecution(reanchored, {
        blockNumber: checkpoint.blockNumber - 20,
        blockHash: older(checkpoint.blockNumber - 20, 'finality').blockHash,
      }).status,
      'final',
    )
    assert.throws(
      () => reanchorLightClientStore(forced, new Uint8Array(32), bootstrap, context),
      isLightClientError('LC_INVALID_BOOTSTRAP'),
    )
  })
})
