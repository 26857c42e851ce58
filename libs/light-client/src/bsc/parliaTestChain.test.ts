// Rules the short real runs cannot reach, on a chain in BSC's real formats
// sealed and voted with development keys (testing/parliaTestChain.ts):
// the validator-set switch at epoch + minerHistoryCheckLen, adoption only
// after the epoch block is final, recents (BEP-341) and out-of-turn difficulty.
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { isRelaymeshError } from '@relaymesh/errors'
import { hashBlockHeader } from '@relaymesh/receipt-proof'
import { bytesToHex } from './bytes.js'
import { createParliaStore } from './createParliaStore.js'
import { encodeParliaExtraData } from './encodeParliaExtraData.js'
import { getParliaFinalizedExecution } from './getParliaFinalizedExecution.js'
import type { ParliaErrorCode } from './ParliaErrorCode.js'
import { processParliaHeaders } from './processParliaHeaders.js'
import {
  buildTestChain,
  inTurn,
  setExtra,
  testHeader,
  testSealingSet,
  testValidators,
  type TestSet,
} from './testing/parliaTestChain.js'

const CHAIN_ID = 714n
const EPOCH = 20n
const A: TestSet = { validators: testValidators(3, 1), turnLength: 2 } // minerHistoryCheckLen = (1 + 1) * 2 - 1 = 3
const B: TestSet = { validators: testValidators(4, 2), turnLength: 1 }
const SETS = new Map<bigint, TestSet>([
  [0n, A],
  [20n, A],
  [40n, B],
  [60n, B],
])
const PARENT = bytesToHex(new Uint8Array(32).fill(7))

function store() {
  const trusted = [0n, 20n].map((number) => ({
    number,
    extraData: encodeParliaExtraData({ vanity: new Uint8Array(32), ...setExtra(A), seal: new Uint8Array(65) }),
  }))
  return createParliaStore({ chainId: CHAIN_ID, epochLength: EPOCH, trustedEpochs: trusted })
}

function rejects(code: ParliaErrorCode, run: () => unknown): void {
  assert.throws(run, (error: unknown) => isRelaymeshError(error, code), `expected ${code}`)
}

describe('Parlia test chain: rotation across an epoch', () => {
  it('the set listed in epoch block 40 seals from 40 + minerHistoryCheckLen(A) + 1 = 44 on, once 40 is final', () => {
    const chain = buildTestChain({
      chainId: CHAIN_ID,
      epochLength: EPOCH,
      sets: SETS,
      from: 30n,
      to: 65n,
      parentHash: PARENT,
    })
    assert.equal(testSealingSet({ epochLength: EPOCH, sets: SETS }, 43n), A)
    assert.equal(testSealingSet({ epochLength: EPOCH, sets: SETS }, 44n), B)
    const after = processParliaHeaders(store(), chain)
    assert.equal(after.validatorSets.get(40n)?.epochHash, hashBlockHeader(chain[10]!))
    assert.equal(after.validatorSets.get(60n)?.validators.length, 4)
    const h44 = chain[14]!
    assert.ok(B.validators.some((v) => v.address === h44.miner))
    const answer = getParliaFinalizedExecution(after, { blockNumber: 44n, blockHash: hashBlockHeader(h44) })
    assert.equal(answer.status === 'final' && answer.receiptsRoot, h44.receiptsRoot)
    assert.equal(after.finalized?.number, 63n)
  })

  it('PARLIA_UNKNOWN_VALIDATOR_SET (retry) when epoch block 40 is not final by the switch, then verifies once it is', () => {
    const noVotes = (n: bigint) => n < 41n || n > 43n
    const chain = buildTestChain({
      chainId: CHAIN_ID,
      epochLength: EPOCH,
      sets: SETS,
      from: 38n,
      to: 46n,
      parentHash: PARENT,
      vote: noVotes,
    })
    const upTo43 = processParliaHeaders(store(), chain.slice(0, 6))
    assert.equal(upTo43.validatorSets.has(40n), false)
    rejects('PARLIA_UNKNOWN_VALIDATOR_SET', () => processParliaHeaders(upTo43, chain.slice(6)))
    // Real BSC finalizes the epoch block within two blocks; a chain voting again does.
    const voting = buildTestChain({
      chainId: CHAIN_ID,
      epochLength: EPOCH,
      sets: SETS,
      from: 38n,
      to: 46n,
      parentHash: PARENT,
    })
    assert.equal(processParliaHeaders(store(), voting).validatorSets.has(40n), true)
  })

  it('PARLIA_UNKNOWN_SIGNER: block 44 sealed by the old set after the switch', () => {
    const chain = buildTestChain({
      chainId: CHAIN_ID,
      epochLength: EPOCH,
      sets: SETS,
      from: 38n,
      to: 43n,
      parentHash: PARENT,
    })
    const verified = processParliaHeaders(store(), chain)
    const stale = testHeader({
      number: 44n,
      parentHash: hashBlockHeader(chain.at(-1)!),
      sealer: inTurn(A, 44n),
      difficulty: 2n,
      chainId: CHAIN_ID,
    })
    rejects('PARLIA_UNKNOWN_SIGNER', () => processParliaHeaders(verified, [stale]))
  })
})

describe('Parlia test chain: recents and difficulty', () => {
  const chain = buildTestChain({
    chainId: CHAIN_ID,
    epochLength: EPOCH,
    sets: SETS,
    from: 30n,
    to: 33n,
    parentHash: PARENT,
    vote: () => false,
  })
  const verified = () => processParliaHeaders(store(), chain)
  const parentHash = hashBlockHeader(chain.at(-1)!)

  it('an out-of-turn validator seals with difficulty 1; difficulty 2 is PARLIA_WRONG_DIFFICULTY, and 1 in turn too', () => {
    const outOfTurn = A.validators.find((v) => v !== inTurn(A, 34n) && v !== inTurn(A, 32n))!
    assert.equal(
      processParliaHeaders(verified(), [
        testHeader({ number: 34n, parentHash, sealer: outOfTurn, difficulty: 1n, chainId: CHAIN_ID }),
      ]).head?.number,
      34n,
    )
    rejects('PARLIA_WRONG_DIFFICULTY', () =>
      processParliaHeaders(verified(), [
        testHeader({ number: 34n, parentHash, sealer: outOfTurn, difficulty: 2n, chainId: CHAIN_ID }),
      ]),
    )
    rejects('PARLIA_WRONG_DIFFICULTY', () =>
      processParliaHeaders(verified(), [
        testHeader({ number: 34n, parentHash, sealer: inTurn(A, 34n), difficulty: 1n, chainId: CHAIN_ID }),
      ]),
    )
  })

  it('PARLIA_RECENTLY_SIGNED: a validator sealing a third block while its two are inside minerHistoryCheckLen', () => {
    // 32 and 33 share a turn (turnLength 2): their sealer may not seal 34 as well.
    const sealer = inTurn(A, 32n)
    assert.equal(inTurn(A, 33n), sealer)
    rejects('PARLIA_RECENTLY_SIGNED', () =>
      processParliaHeaders(verified(), [
        testHeader({ number: 34n, parentHash, sealer, difficulty: 1n, chainId: CHAIN_ID }),
      ]),
    )
  })
})
