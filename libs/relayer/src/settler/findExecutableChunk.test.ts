import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { bytesToHex, hexToBytes } from '@relaymesh/protocol'
import { numberToHex, type Hex } from 'viem'
import type { InboxRevert } from './decodeRevert.js'
import { decideChunkStep, findExecutableChunk, type ChunkMessage, type EstimateFailure } from './findExecutableChunk.js'

const id = (i: number): Hex => numberToHex(i + 1, { size: 32 })
const chunk = (n: number): ChunkMessage[] =>
  Array.from({ length: n }, (_, i) => ({ id: hexToBytes(id(i)), leafIndex: i }))
const revert = (errorName: string, args: readonly unknown[] = []): EstimateFailure => ({
  revert: { errorName, args, data: '0x' } satisfies InboxRevert,
  reverted: true,
})
const options = { maxGas: 15_000_000n, gasMarginTenths: 12n }

/** A fake inbox estimate: `poison` leaves revert alone or in any chunk; `cost` gas per leaf; `gasCap` is the block. */
function fakeEstimate(p: {
  poison?: Map<number, 'hostile' | 'huge'>
  cost?: (leaf: number) => bigint
  gasCap?: bigint
  down?: boolean
}) {
  const calls: number[][] = []
  const estimate = async (messages: readonly ChunkMessage[]) => {
    calls.push(messages.map((m) => m.leafIndex))
    if (p.down) return { failure: { revert: undefined, reverted: false } }
    let used = 21_000n
    for (const m of messages) {
      const kind = p.poison?.get(m.leafIndex)
      if (kind === 'hostile') return { failure: revert('Unknown') }
      const cost = kind === 'huge' ? 2n ** 32n : (p.cost?.(m.leafIndex) ?? 7_000n)
      if (used + cost > (p.gasCap ?? 30_000_000n))
        return { failure: revert('InsufficientGasForRecipient', [bytesToHex(m.id), cost]) }
      used += cost
    }
    return { gas: used }
  }
  return { estimate, calls }
}

describe('decideChunkStep', () => {
  it('maps each estimate failure to shrink, drop or wait', () => {
    const four = chunk(4)
    const table: [string, EstimateFailure, readonly ChunkMessage[], ReturnType<typeof decideChunkStep>][] = [
      [
        'transport failure: wait, never blame a message',
        { revert: undefined, reverted: false },
        four,
        { kind: 'wait' },
      ],
      ['paused inbox: wait', revert('Paused'), four, { kind: 'wait' }],
      ['unknown batch: wait', revert('UnknownBatch', [0n]), four, { kind: 'wait' }],
      ['invalid proof: wait (a relayer bug, not a message)', revert('InvalidProof'), four, { kind: 'wait' }],
      [
        'out of gas at message 2: execute the two before it',
        revert('InsufficientGasForRecipient', [id(2), 10n]),
        four,
        { kind: 'shrink', length: 2 },
      ],
      [
        'out of gas at the first message: it cannot execute at all',
        revert('InsufficientGasForRecipient', [id(0), 10n]),
        four,
        { kind: 'drop', index: 0, reasonCode: 'EXECUTE_GAS_UNAFFORDABLE' },
      ],
      [
        'out of gas naming an id not in the chunk: bisect',
        revert('InsufficientGasForRecipient', [id(9), 10n]),
        four,
        { kind: 'shrink', length: 2 },
      ],
      ['unexplained revert: bisect', revert('Unknown'), four, { kind: 'shrink', length: 2 }],
      [
        'revert without data: bisect an odd chunk rounding up',
        { revert: undefined, reverted: true },
        chunk(5),
        { kind: 'shrink', length: 3 },
      ],
      [
        'unexplained revert of one message: drop it',
        revert('Unknown'),
        chunk(1),
        { kind: 'drop', index: 0, reasonCode: 'EXECUTE_REVERTED' },
      ],
    ]
    for (const [name, failure, c, step] of table) assert.deepEqual(decideChunkStep(failure, c), step, name)
  })
})

describe('findExecutableChunk', () => {
  it('executes the whole chunk when its estimate passes, with the margin', async () => {
    const { estimate, calls } = fakeEstimate({})
    const found = await findExecutableChunk(chunk(10), estimate, options)
    assert.deepEqual(found, {
      kind: 'execute',
      messages: chunk(10),
      gas: ((21_000n + 70_000n) * 12n) / 10n,
      estimates: 1,
    })
    assert.equal(calls.length, 1)
  })

  it('drops a message whose gas limit no block can give, wherever it sits, and executes what is before it first', async () => {
    const { estimate } = fakeEstimate({ poison: new Map([[5, 'huge']]) })
    const firstRound = await findExecutableChunk(chunk(10), estimate, options)
    assert.equal(firstRound.kind, 'execute')
    assert.deepEqual(firstRound.kind === 'execute' && firstRound.messages.map((m) => m.leafIndex), [0, 1, 2, 3, 4])
    // The next round starts at the offender: it is dropped, not retried with its chunk.
    const secondRound = await findExecutableChunk(chunk(10).slice(5), estimate, options)
    assert.deepEqual(secondRound.kind === 'drop' && [secondRound.message.leafIndex, secondRound.reasonCode], [
      5,
      'EXECUTE_GAS_UNAFFORDABLE',
    ])
    const thirdRound = await findExecutableChunk(chunk(10).slice(6), estimate, options)
    assert.deepEqual(thirdRound.kind === 'execute' && thirdRound.messages.length, 4)
  })

  it('bisects down to a message that reverts every execute carrying it, in about log2(n) estimates', async () => {
    const { estimate, calls } = fakeEstimate({ poison: new Map([[0, 'hostile']]) })
    const found = await findExecutableChunk(chunk(200), estimate, options)
    assert.deepEqual(found.kind === 'drop' && [found.message.leafIndex, found.reasonCode], [0, 'EXECUTE_REVERTED'])
    assert.deepEqual(
      calls.map((c) => c.length),
      [200, 100, 50, 25, 13, 7, 4, 2, 1],
    )
  })

  it('a hostile message late in the chunk: the half before it executes at once', async () => {
    const { estimate } = fakeEstimate({ poison: new Map([[150, 'hostile']]) })
    const found = await findExecutableChunk(chunk(200), estimate, options)
    assert.deepEqual(found.kind === 'execute' && found.messages.length, 100)
  })

  it('every round makes progress: a 200-message batch with two hostile and one huge message drains in few rounds', async () => {
    const poison = new Map<number, 'hostile' | 'huge'>([
      [3, 'hostile'],
      [77, 'huge'],
      [150, 'hostile'],
    ])
    const { estimate } = fakeEstimate({ poison })
    let pending = chunk(200)
    const executed: number[] = []
    const dropped: number[] = []
    let rounds = 0
    while (pending.length > 0) {
      rounds++
      const found = await findExecutableChunk(pending, estimate, options)
      assert.notEqual(found.kind, 'wait')
      const done = found.kind === 'execute' ? found.messages : found.kind === 'drop' ? [found.message] : []
      ;(found.kind === 'execute' ? executed : dropped).push(...done.map((m) => m.leafIndex))
      pending = pending.filter((m) => !done.includes(m))
    }
    assert.deepEqual(dropped, [3, 77, 150])
    assert.equal(executed.length, 197)
    assert.ok(rounds <= 12, `${rounds} rounds`)
  })

  it('a chunk whose gas passes the estimate but exceeds maxGas is halved; one message above it is dropped', async () => {
    const burners = fakeEstimate({ cost: () => 200_000n }) // gas-burning recipients use their whole 200,000
    const found = await findExecutableChunk(chunk(100), burners.estimate, options)
    assert.deepEqual(found.kind === 'execute' && found.messages.length, 50)
    assert.ok(found.kind === 'execute' && found.gas <= options.maxGas)
    const giant = fakeEstimate({ cost: () => 14_000_000n })
    const alone = await findExecutableChunk(chunk(1), giant.estimate, options)
    assert.deepEqual(alone.kind === 'drop' && alone.reasonCode, 'EXECUTE_GAS_UNAFFORDABLE')
  })

  it('waits, blaming nobody, when the node cannot be reached', async () => {
    const { estimate, calls } = fakeEstimate({ down: true })
    const found = await findExecutableChunk(chunk(10), estimate, options)
    assert.equal(found.kind, 'wait')
    assert.equal(calls.length, 1)
  })
})
