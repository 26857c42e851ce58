import assert from 'node:assert/strict'
import { test } from 'node:test'
import { isRelaymeshError } from '@relaymesh/errors'
import { pad, type Hex } from 'viem'
import { createEvmSource } from '../verifier/createEvmSource.js'
import type { IncomingBundle } from '../bundle/bundleCodec.js'
import { createConfirmationsFinality, type CanonicalChainReader } from './createConfirmationsFinality.js'

const ORIGIN = 31337
const ours = pad('0x0a')
const fork = pad('0x0b')

/** An endpoint at head 100 naming `hash` at every height, or failing while `down`; counts the blocks it was asked. */
function endpoint(hash: Hex, down = false): CanonicalChainReader & { asked: number } {
  const e = {
    asked: 0,
    getBlockNumber: async () => 100n,
    getBlock: async () => {
      e.asked++
      if (down) throw new Error('endpoint down')
      return { hash, parentHash: hash } // reason: its chain builds on `hash` at every height
    },
  }
  return e
}

function finality(endpoints: CanonicalChainReader[]) {
  const client = endpoints[0] as CanonicalChainReader // reason: every case configures one at least
  return createConfirmationsFinality({ chains: new Map([[ORIGIN, { client, confirmations: 2, endpoints }]]) })
}

const block = { origin: ORIGIN, number: 90n, hash: ours }

test('two endpoints name the buried block: final; a third is not asked', async () => {
  const third = endpoint(fork)
  assert.deepEqual(await finality([endpoint(ours), endpoint(ours), third]).check(block), {
    status: 'final',
    verification: 'confirmations',
  })
  assert.equal(third.asked, 0)
})

test('the first endpoint serves its own fork: the block is not final on its word, with FINALITY_ENDPOINTS_DISAGREE', async () => {
  const status = await finality([endpoint(ours), endpoint(fork)]).check(block)
  assert.equal(status.status, 'pending')
  assert.equal(status.status === 'pending' && status.code, 'FINALITY_ENDPOINTS_DISAGREE')
  // Nor is the chain's block refused on the liar's word.
  const refused = await finality([endpoint(fork), endpoint(ours)]).check(block)
  assert.equal(refused.status === 'pending' && refused.code, 'FINALITY_ENDPOINTS_DISAGREE')
})

test('the first two disagree: every endpoint is asked, and the block two name wins, the lone one is orphaned', async () => {
  const liar = endpoint(fork)
  const status = await finality([liar, endpoint(ours), endpoint(ours)]).check(block)
  assert.deepEqual(status, { status: 'final', verification: 'confirmations' })
  const forged = await finality([liar, endpoint(ours), endpoint(ours)]).check({ ...block, hash: fork })
  assert.equal(forged.status, 'orphaned')
  assert.equal(forged.status === 'orphaned' && forged.canonicalHash, ours)
  // A third endpoint down leaves the two words apart: no verdict.
  const stuck = await finality([liar, endpoint(ours), endpoint(ours, true)]).check(block)
  assert.equal(stuck.status === 'pending' && stuck.code, 'FINALITY_ENDPOINTS_DISAGREE')
})

test('a disagreement names the endpoints as the caller named them', async () => {
  const chains = new Map([
    [
      ORIGIN,
      { client: endpoint(ours), confirmations: 2, endpoints: [endpoint(ours), endpoint(fork)], names: ['a', 'b'] },
    ],
  ])
  const status = await createConfirmationsFinality({ chains }).check(block)
  assert.equal(
    status.status === 'pending' && status.reason,
    `RPC endpoints name different blocks at this height: ${ours} (a), ${fork} (b)`,
  )
})

test('an endpoint down is passed over for the next; none answering throws for a retry', async () => {
  const status = await finality([endpoint(ours, true), endpoint(ours), endpoint(ours)]).check(block)
  assert.equal(status.status, 'final')
  const waiting = await finality([endpoint(ours), endpoint(ours, true)]).check(block)
  assert.equal(waiting.status, 'pending', 'one word of two needed is not enough')
  await assert.rejects(finality([endpoint(ours, true), endpoint(ours, true)]).check(block), /endpoint down/)
})

test('the verifier retries a block its endpoints disagree on with the code FINALITY_ENDPOINTS_DISAGREE', async () => {
  const source = createEvmSource(
    { chains: new Map([[ORIGIN, {}]]), config: { chains: [] } } as never, // reason: only the origin's presence is read
    { finality: finality([endpoint(ours), endpoint(fork)]), pool: {} as never }, // reason: not reached
  )
  const incoming = { head: { origin: ORIGIN, blockNumber: 90n, blockHash: Buffer.from(ours.slice(2), 'hex') } }
  await assert.rejects(
    source.verify({ ...incoming, bytes: new Uint8Array() } as unknown as IncomingBundle), // reason: a part's head
    (error) => isRelaymeshError(error, 'FINALITY_ENDPOINTS_DISAGREE') && error.action === 'retry',
  )
})
