/**
 * Conformance: consensus-spec-tests `light_client/update_ranking` and
 * `light_client/single_merkle_proof` for every fork in eth-lc/minimal, and
 * the `eth_fast_aggregate_verify` BLS cases (formats: consensus-specs
 * `tests/formats/light_client/update_ranking.md`, `single_merkle_proof.md`,
 * `tests/formats/bls/eth_fast_aggregate_verify.md`). The Merkle-proof
 * objects are full minimal-preset BeaconStates, decoded with Lodestar's
 * types, hence the preset import first.
 */
import './testing/minimalPreset.js'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { Tree } from '@chainsafe/persistent-merkle-tree'
import { ssz } from '@lodestar/types'
import { createEthereumLightClientConfig } from './EthereumLightClientConfig.js'
import { decodeLightClientData } from './decodeLightClientData.js'
import { ethFastAggregateVerify } from './fastAggregateVerify.js'
import { isBetterUpdate } from './isBetterUpdate.js'
import { createLightClientTypes } from './lightClientTypes.js'
import { gindexDepth, isValidMerkleBranch, subtreeIndex } from './merkleBranch.js'
import {
  fromHex,
  hex,
  listDirs,
  MINIMAL,
  readSszSnappy,
  readYaml,
  VECTORS,
  vectorForks,
} from './testing/specVectors.js'
import type { EthereumForkName } from './EthereumLightClientConfig.js'

const forks = vectorForks()
const counts: string[] = []
const types = createLightClientTypes(32)

function runUpdateRanking(fork: EthereumForkName): number {
  const dir = join(MINIMAL, fork, 'light_client/update_ranking/pyspec_tests/update_ranking')
  const { updates_count } = readYaml<{ updates_count: number }>(join(dir, 'meta.yaml'))
  // No config.yaml here: ranking reads only slots and periods, which the preset fixes.
  const config = createEthereumLightClientConfig({
    preset: 'minimal',
    chainConfig: { GENESIS_FORK_VERSION: new Uint8Array(4) },
  })
  const updates = Array.from({ length: updates_count }, (_, i) =>
    decodeLightClientData(types, fork, 'update', readSszSnappy(join(dir, `updates_${i}.ssz_snappy`))),
  )
  // Sorted best first: no later update may rank better than an earlier one.
  for (let i = 0; i < updates.length; i++) {
    for (let j = i + 1; j < updates.length; j++) {
      assert.equal(
        isBetterUpdate(config, updates[j]!, updates[i]!),
        false,
        `updates_${j} ranked better than updates_${i}`,
      )
    }
  }
  for (let i = 0; i + 1 < updates.length; i++) {
    const [a, b] = [updates[i]!, updates[i + 1]!]
    if (isBetterUpdate(config, b, a) === false && isBetterUpdate(config, a, b) === false) continue // equal rank
    assert.equal(isBetterUpdate(config, a, b), true, `updates_${i} should rank better than updates_${i + 1}`)
  }
  return updates_count
}

type Proof = { leaf: string; leaf_index: number; branch: string[] }

const objectTypes = {
  // reason: vectors exist from altair on
  BeaconState: (fork: EthereumForkName) => ssz[fork as Exclude<EthereumForkName, 'phase0'>].BeaconState,
  BeaconBlockBody: (fork: EthereumForkName) => ssz[fork as Exclude<EthereumForkName, 'phase0'>].BeaconBlockBody,
} as const

function runSingleMerkleProof(fork: EthereumForkName, objectName: keyof typeof objectTypes, name: string): void {
  const dir = join(MINIMAL, fork, 'light_client/single_merkle_proof', objectName, name)
  const proof = readYaml<Proof>(join(dir, 'proof.yaml'))
  const type = objectTypes[objectName](fork)
  const view = type.deserializeToView(readSszSnappy(join(dir, 'object.ssz_snappy')))
  const root = view.hashTreeRoot()
  const branch = proof.branch.map(fromHex)
  const leaf = fromHex(proof.leaf)
  assert.equal(
    isValidMerkleBranch(leaf, branch, gindexDepth(proof.leaf_index), subtreeIndex(proof.leaf_index), root),
    true,
    'branch folds to the object root',
  )
  // and the leaf is the object's own node at that gindex
  assert.equal(hex(new Tree(view.node).getNode(BigInt(proof.leaf_index)).root), proof.leaf)
}

type BlsCase = { input: { pubkeys: string[]; message: string; signature: string }; output: boolean }

describe('consensus-spec-tests minimal light_client/update_ranking', () => {
  for (const fork of forks) {
    it(fork, () => {
      counts.push(`update_ranking ${fork}: ${runUpdateRanking(fork)} updates ranked`)
    })
  }
})

describe('consensus-spec-tests minimal light_client/single_merkle_proof', () => {
  for (const fork of forks) {
    for (const objectName of ['BeaconState', 'BeaconBlockBody'] as const) {
      for (const name of listDirs(join(MINIMAL, fork, 'light_client/single_merkle_proof', objectName))) {
        it(`${fork} ${objectName} ${name}`, () => {
          runSingleMerkleProof(fork, objectName, name)
          counts.push(`single_merkle_proof ${fork}`)
        })
      }
    }
  }
})

describe('consensus-spec-tests general bls/eth_fast_aggregate_verify', () => {
  const dir = join(VECTORS, 'eth-lc/general/altair/bls/eth_fast_aggregate_verify/bls')
  const cases = listDirs(dir)
  it('finds the 12 cases', () => assert.equal(cases.length, 12))
  for (const name of cases) {
    it(name, () => {
      const { input, output } = readYaml<BlsCase>(join(dir, name, 'data.yaml'))
      assert.equal(
        ethFastAggregateVerify(input.pubkeys.map(fromHex), fromHex(input.message), fromHex(input.signature)),
        output,
      )
      counts.push('bls eth_fast_aggregate_verify')
    })
  }
})

after(() => {
  const byKind = new Map<string, number>()
  for (const line of counts)
    byKind.set(line.split(' ').slice(0, 2).join(' '), (byKind.get(line.split(' ').slice(0, 2).join(' ')) ?? 0) + 1)
  for (const line of counts.filter((l) => l.startsWith('update_ranking'))) console.log(`# ${line}`)
  for (const [kind, n] of byKind) if (!kind.startsWith('update_ranking')) console.log(`# ${kind}: ${n} passed`)
})
