// Real BSC mainnet and Chapel headers written by others (shared/vectors/bsc,
// README "bsc/"; from unionlabs/union's Parlia verifier tests).
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { encodeBlockHeader, hashBlockHeader } from '@relaymesh/receipt-proof'
import { isRelaymeshError } from '@relaymesh/errors'
import { createParliaStore } from './createParliaStore.js'
import { decodeParliaHeader } from './decodeParliaHeader.js'
import { getParliaFinalizedExecution } from './getParliaFinalizedExecution.js'
import { hexToBytesOrThrow } from './bytes.js'
import { parseParliaExtraData } from './parseParliaExtraData.js'
import { encodeParliaExtraData } from './encodeParliaExtraData.js'
import { processParliaHeaders } from './processParliaHeaders.js'
import { recoverParliaSigner } from './recoverParliaSigner.js'
import { bscChainId, bscEpochExtraData, bscHeader, bscHeaderHash, bscManifest } from './testing/bscVectors.js'

const EPOCH_LENGTH = 1000n // mainnet and Chapel since Maxwell (chain config, not the verifier)

function storeFor(epochs: number[], chainId: bigint) {
  return createParliaStore({
    chainId,
    epochLength: EPOCH_LENGTH,
    trustedEpochs: epochs.map((n) => ({ number: BigInt(n), extraData: bscEpochExtraData(n) })),
  })
}

function status(store: ReturnType<typeof storeFor>, n: number) {
  return getParliaFinalizedExecution(store, { blockNumber: BigInt(n), blockHash: bscHeaderHash(n) })
}

describe('BSC vectors: headers', () => {
  const numbers = Object.keys(bscManifest.headers).map(Number)

  it('every header hashes to its manifest hash and its child links to it', () => {
    assert.equal(numbers.length, 20)
    for (const n of numbers) {
      assert.equal(hashBlockHeader(bscHeader(n)), bscHeaderHash(n), `hash of ${n}`)
      if (bscManifest.headers[String(n + 1)])
        assert.equal(bscHeader(n + 1).parentHash, bscHeaderHash(n), `parent of ${n + 1}`)
    }
  })

  it('every seal recovers to the miner with chain id 56 (mainnet) or 97 (Chapel), and not with the other', () => {
    for (const n of numbers) {
      const header = decodeParliaHeader(encodeBlockHeader(bscHeader(n)))
      assert.equal(recoverParliaSigner(header, bscChainId(n)), header.miner, `seal of ${n}`)
      assert.notEqual(recoverParliaSigner(header, bscChainId(n) === 56n ? 97n : 56n), header.miner)
    }
  })

  it('epoch extraData: 21 validators with BLS keys and turn length 16 on mainnet, 7 on Chapel; re-encodes byte for byte', () => {
    for (const [n, validators] of [
      [55890000, 21],
      [66276000, 21],
      [55474000, 7],
      [55475000, 7],
    ] as const) {
      const extra = hexToBytesOrThrow(bscEpochExtraData(n), 'extra', 'PARLIA_INVALID_EXTRA_DATA')
      const parsed = parseParliaExtraData(extra, { epochBlock: true })
      assert.equal(parsed.validators?.length, validators, `validators of ${n}`)
      assert.equal(parsed.turnLength, 16, `turn length of ${n}`)
      assert.deepEqual(encodeParliaExtraData(parsed), extra)
    }
  })
})

describe('BSC vectors: union test cases through the store', () => {
  for (const c of bscManifest.cases) {
    it(`${c.union_test}: verifies and finalizes the first header`, () => {
      const first = c.headers_in_test_order[0] as number
      const chainId = bscChainId(first)
      const store = processParliaHeaders(
        storeFor([c.signing_valset_epoch_block], chainId),
        c.headers_in_test_order.map(bscHeader),
      )
      const last = c.headers_in_test_order.at(-1) as number
      assert.equal(store.head?.number, BigInt(last))
      // The last header's attestation justifies its parent; the one before finalizes its grandparent.
      assert.deepEqual(store.headers.get(bscHeaderHash(last))?.justified, {
        number: BigInt(last - 1),
        hash: bscHeaderHash(last - 1),
      })
      const finalized = Number(store.finalized?.number)
      assert.equal(finalized, last - 2, 'the last attestation finalizes its source, two blocks back')
      assert.deepEqual(status(store, first), {
        status: 'final',
        blockNumber: first,
        blockHash: bscHeaderHash(first),
        receiptsRoot: bscHeader(first).receiptsRoot,
        stateRoot: bscHeader(first).stateRoot,
        // Every header but 66277000/66277001 carries an attestation, so the first is an attestation's source itself.
        provenBy: first === 66277000 ? 'ancestry' : 'checkpoint',
      })
      assert.deepEqual(status(store, last), { status: 'pending', finalizedBlockNumber: finalized })
    })
  }

  it('one header at a time gives the same store as one batch', () => {
    const numbers = [55891041, 55891042, 55891043, 55891044, 55891045]
    const batch = processParliaHeaders(storeFor([55890000], 56n), numbers.map(bscHeader))
    const single = numbers.reduce((store, n) => processParliaHeaders(store, [bscHeader(n)]), storeFor([55890000], 56n))
    assert.deepEqual([...single.finalBlocks], [...batch.finalBlocks])
    assert.deepEqual(single.finalized, { number: 55891043n, hash: bscHeaderHash(55891043) })
    assert.equal(status(single, 55891042).status, 'final')
  })

  it('headers as RLP bytes verify like RPC JSON', () => {
    const numbers = [55475596, 55475597, 55475598]
    const store = processParliaHeaders(
      storeFor([55475000], 97n),
      numbers.map((n) => encodeBlockHeader(bscHeader(n))),
    )
    assert.equal(status(store, 55475596).status, 'final')
  })
})

describe('BSC vectors: missed fast-finality attestation (mainnet 66277000)', () => {
  const numbers = [66277000, 66277001, 66277002, 66277003]

  it('66277000 (epoch block) and 66277001 carry no attestation; they are valid and justify nothing', () => {
    const store = processParliaHeaders(storeFor([66276000], 56n), numbers.slice(0, 2).map(bscHeader))
    for (const n of numbers.slice(0, 2)) {
      const extra = decodeParliaHeader(bscHeader(n)).extraData
      assert.equal(parseParliaExtraData(extra, { epochBlock: n % 1000 === 0 }).attestation, undefined)
      assert.equal(store.headers.get(bscHeaderHash(n))?.justified, undefined)
    }
    assert.equal(store.finalized, undefined)
    assert.equal(status(store, 66277000).status, 'pending')
  })

  it('66277002 justifies 66277001 without finalizing (source 66276994 is not its parent); 66277003 finalizes 66277001 and so 66277000', () => {
    const partial = processParliaHeaders(storeFor([66276000], 56n), numbers.slice(0, 3).map(bscHeader))
    assert.deepEqual(partial.headers.get(bscHeaderHash(66277002))?.justified, {
      number: 66277001n,
      hash: bscHeaderHash(66277001),
    })
    assert.equal(partial.finalized, undefined)
    const store = processParliaHeaders(partial, [bscHeader(66277003)])
    assert.deepEqual(store.finalized, { number: 66277001n, hash: bscHeaderHash(66277001) })
    const final = (n: number, provenBy: string) => ({
      status: 'final',
      blockNumber: n,
      blockHash: bscHeaderHash(n),
      receiptsRoot: bscHeader(n).receiptsRoot,
      stateRoot: bscHeader(n).stateRoot,
      provenBy,
    })
    assert.deepEqual(status(store, 66277000), final(66277000, 'ancestry'))
    assert.deepEqual(status(store, 66277001), final(66277001, 'checkpoint'))
    // A different block at a final height can never be final; one older than the retained history cannot be answered.
    assert.throws(
      () => getParliaFinalizedExecution(store, { blockNumber: 66277001, blockHash: bscHeaderHash(66277002) }),
      (e: unknown) => isRelaymeshError(e, 'LC_EXECUTION_BLOCK_CONFLICT'),
    )
    assert.deepEqual(getParliaFinalizedExecution(store, { blockNumber: 1n, blockHash: bscHeaderHash(66277002) }), {
      status: 'unavailable',
      oldestBlockNumber: 66277003 - 8192,
    })
  })

  it("the epoch block's validator set is adopted only once it is final", () => {
    const before = processParliaHeaders(storeFor([66276000], 56n), numbers.slice(0, 3).map(bscHeader))
    assert.equal(before.validatorSets.has(66277000n), false)
    assert.equal(before.candidateSets.size, 1)
    const after = processParliaHeaders(before, [bscHeader(66277003)])
    assert.equal(after.validatorSets.get(66277000n)?.validators.length, 21)
    assert.equal(after.validatorSets.get(66277000n)?.epochHash, bscHeaderHash(66277000))
    assert.equal(after.candidateSets.size, 0)
  })
})

describe('BSC vectors: validator-set rotation on Chapel', () => {
  it('55475000 is sealed by the 55474000 set; its own set is adopted once final and seals 55475596..598', () => {
    let store = storeFor([55474000], 97n)
    store = processParliaHeaders(store, [55475000, 55475001, 55475002].map(bscHeader))
    assert.equal(status(store, 55475000).status, 'final')
    const adopted = store.validatorSets.get(55475000n)
    assert.equal(adopted?.epochHash, bscHeaderHash(55475000))
    // The adopted set (read from the header, not trusted) verifies the later run.
    store = processParliaHeaders(store, [55475596, 55475597, 55475598].map(bscHeader))
    assert.equal(status(store, 55475596).status, 'final')
  })
})
