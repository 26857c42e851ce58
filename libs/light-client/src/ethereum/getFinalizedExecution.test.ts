/**
 * The relaymesh question on top of the store: final / pending /
 * ancestry-required / unavailable, parent-hash ancestry between
 * checkpoints, conflicts, forced updates never final, and receipts checked
 * against the finalized receiptsRoot (real mainnet block 21925176 and its
 * 202 receipts; the mainnet-synced store from the helios data).
 */
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { before, describe, it } from 'node:test'
import {
  buildReceiptsTrie,
  encodeBlockHeader,
  encodeReceipt,
  getReceiptProof,
  hashBlockHeader,
  type Hex,
  type RpcBlockHeader,
  type RpcReceipt,
} from '@relaymesh/receipt-proof'
import { createEthereumLightClientContext } from './EthereumLightClientContext.js'
import { lightClientDataFromJson } from './decodeLightClientData.js'
import { getFinalizedExecution, type FinalExecution } from './getFinalizedExecution.js'
import { initializeLightClientStore } from './initializeLightClientStore.js'
import type { FinalizedExecution, LightClientStore } from './LightClientStore.js'
import { verifyFinalizedReceipt } from './verifyFinalizedReceipt.js'
import { isLightClientError } from './testing/assertCode.js'
import { MAINNET_TRUSTED_BLOCK_ROOT, mainnetConfig, readHelios } from './testing/mainnetVectors.js'
import { VECTORS } from './testing/specVectors.js'

const BLOCK_DIR = join(VECTORS, 'eth-block-receipts/mainnet-21925176-helios')
// reason: eth_getBlockByNumber JSON
const block = JSON.parse(readFileSync(join(BLOCK_DIR, 'block.json'), 'utf8')) as RpcBlockHeader & {
  hash: Hex
  receiptsRoot: Hex
  stateRoot: Hex
}
// reason: eth_getBlockReceipts JSON
const receipts = JSON.parse(readFileSync(join(BLOCK_DIR, 'receipts.json'), 'utf8')) as RpcReceipt[]

const context = createEthereumLightClientContext(mainnetConfig())
let base: LightClientStore

const toHex = (n: number) => `0x${n.toString(16)}` as Hex

/** A header chain on top of the real block: parent hashes link, numbers count up, receipts roots differ. */
function chain(length: number): { rlp: Uint8Array; hash: Hex; number: number; receiptsRoot: Hex }[] {
  const out: { rlp: Uint8Array; hash: Hex; number: number; receiptsRoot: Hex }[] = []
  let parentHash = block.parentHash
  for (let i = 0; i < length; i++) {
    const number = Number(block.number) + i
    const receiptsRoot = (i === 0 ? block.receiptsRoot : `0x${String(i).padStart(64, '0')}`) as Hex
    const rlp = encodeBlockHeader({ ...block, number: toHex(number), parentHash, receiptsRoot })
    const hash = hashBlockHeader(rlp)
    out.push({ rlp, hash, number, receiptsRoot })
    parentHash = hash
  }
  return out
}

function entry(
  header: { hash: Hex; number: number; receiptsRoot: Hex },
  source: FinalizedExecution['source'] = 'finality',
): FinalizedExecution {
  return {
    beaconSlot: header.number,
    beaconRoot: header.hash,
    blockNumber: header.number,
    blockHash: header.hash,
    receiptsRoot: header.receiptsRoot,
    stateRoot: block.stateRoot,
    source,
  }
}

before(() => {
  const bootstrap = lightClientDataFromJson(context.types, 'bootstrap', readHelios('bootstrap.json'))
  base = initializeLightClientStore(MAINNET_TRUSTED_BLOCK_ROOT, bootstrap, context)
})

describe('getFinalizedExecution', () => {
  const headers = chain(4) // [0] the real block, [1..3] synthetic children
  // reason: chain(4)
  const [h0, h1, h2, h3] = headers as [
    (typeof headers)[0],
    (typeof headers)[0],
    (typeof headers)[0],
    (typeof headers)[0],
  ]
  const store = () => ({ ...base, finalizedExecutions: [entry(h2), entry(h3, 'forced')] })

  it('the real block hashes to its own hash (the chain starts from real data)', () => {
    assert.equal(h0.hash, block.hash)
  })

  it('answers the bootstrap checkpoint from the store itself', () => {
    // reason: Capella bootstrap carries an execution header
    const bootstrapBlock = base.finalizedExecutions[0] as FinalizedExecution
    const answer = getFinalizedExecution(base, {
      blockNumber: bootstrapBlock.blockNumber,
      blockHash: bootstrapBlock.blockHash,
    })
    assert.equal(answer.status, 'final')
    assert.equal(bootstrapBlock.blockNumber, 17883333)
  })

  it('pending above finality, and for a block finalized only by a forced update', () => {
    assert.deepEqual(getFinalizedExecution(store(), { blockNumber: h3.number, blockHash: h3.hash }), {
      status: 'pending',
      finalizedBlockNumber: h2.number,
    })
    assert.equal(getFinalizedExecution(store(), { blockNumber: h3.number + 5, blockHash: h3.hash }).status, 'pending')
  })

  it('ancestry-required between checkpoints, then final with the parent-hash chain', () => {
    assert.deepEqual(getFinalizedExecution(store(), { blockNumber: h0.number, blockHash: h0.hash }), {
      status: 'ancestry-required',
      anchor: { blockNumber: h2.number, blockHash: h2.hash },
    })
    const answer = getFinalizedExecution(store(), {
      blockNumber: h0.number,
      blockHash: h0.hash,
      ancestry: [h0.rlp, h1.rlp, h2.rlp],
    })
    assert.deepEqual(answer, {
      status: 'final',
      blockNumber: h0.number,
      blockHash: h0.hash,
      receiptsRoot: block.receiptsRoot,
      stateRoot: block.stateRoot,
      provenBy: 'ancestry',
    })
  })

  it('below the oldest kept checkpoint: ancestry up to the oldest one', () => {
    const older = { ...base, finalizedExecutions: [entry(h2), entry(h3)] }
    assert.deepEqual(getFinalizedExecution(older, { blockNumber: h0.number, blockHash: h0.hash }), {
      status: 'ancestry-required',
      anchor: { blockNumber: h2.number, blockHash: h2.hash },
    })
    assert.equal(
      getFinalizedExecution(older, { blockNumber: h0.number, blockHash: h0.hash, ancestry: [h0.rlp, h1.rlp, h2.rlp] })
        .status,
      'final',
    )
  })

  it('the history is bounded (default 8192 checkpoints)', () => {
    assert.equal(base.finalizedExecutionsLimit, 8192)
  })

  it('LC_EXECUTION_BLOCK_CONFLICT: another hash at a finalized height; a broken or misdirected ancestry', () => {
    const conflict = isLightClientError('LC_EXECUTION_BLOCK_CONFLICT')
    assert.throws(() => getFinalizedExecution(store(), { blockNumber: h2.number, blockHash: h1.hash }), conflict)
    assert.throws(
      () => getFinalizedExecution(store(), { blockNumber: h0.number, blockHash: h0.hash, ancestry: [h0.rlp, h2.rlp] }),
      conflict,
    )
    assert.throws(
      () => getFinalizedExecution(store(), { blockNumber: h0.number, blockHash: h0.hash, ancestry: [h0.rlp, h1.rlp] }),
      conflict,
    )
    assert.throws(
      () => getFinalizedExecution(store(), { blockNumber: h1.number, blockHash: h0.hash, ancestry: [h1.rlp, h2.rlp] }),
      conflict,
    )
  })
})

describe('verifyFinalizedReceipt', () => {
  const trie = buildReceiptsTrie(receipts.map((r) => encodeReceipt(r)))

  it('returns the receipt when it is under the finalized receiptsRoot (real mainnet block 21925176)', () => {
    const store = {
      ...base,
      finalizedExecutions: [
        entry({ hash: block.hash, number: Number(block.number), receiptsRoot: block.receiptsRoot }),
      ],
    }
    const final = getFinalizedExecution(store, {
      blockNumber: Number(block.number),
      blockHash: block.hash,
    }) as FinalExecution // reason: checked next
    assert.equal(final.status, 'final')
    for (const txIndex of [0, 5, 201]) {
      assert.deepEqual(
        verifyFinalizedReceipt(final, { txIndex, proof: getReceiptProof(trie, txIndex) }),
        // reason: 202 receipts
        encodeReceipt(receipts[txIndex] as RpcReceipt),
      )
    }
  })

  it('LC_RECEIPT_NOT_UNDER_FINALIZED_ROOT: a proof against another finalized block; a tampered proof node', () => {
    const bootstrapBlock = base.finalizedExecutions[0] as FinalizedExecution // reason: Capella bootstrap
    const other = getFinalizedExecution(base, {
      blockNumber: bootstrapBlock.blockNumber,
      blockHash: bootstrapBlock.blockHash,
    }) as FinalExecution // reason: the bootstrap block is final
    assert.throws(
      () => verifyFinalizedReceipt(other, { txIndex: 5, proof: getReceiptProof(trie, 5) }),
      isLightClientError('LC_RECEIPT_NOT_UNDER_FINALIZED_ROOT'),
    )
    const final: FinalExecution = {
      status: 'final',
      blockNumber: Number(block.number),
      blockHash: block.hash,
      receiptsRoot: block.receiptsRoot,
      stateRoot: block.stateRoot,
      provenBy: 'checkpoint',
    }
    const proof = getReceiptProof(trie, 5).map((node) => Uint8Array.from(node))
    const last = proof[proof.length - 1] as Uint8Array // reason: a proof has at least the root node
    last[last.length - 1] = (last[last.length - 1] as number) ^ 1
    assert.throws(
      () => verifyFinalizedReceipt(final, { txIndex: 5, proof }),
      isLightClientError('LC_RECEIPT_NOT_UNDER_FINALIZED_ROOT'),
    )
  })
})
